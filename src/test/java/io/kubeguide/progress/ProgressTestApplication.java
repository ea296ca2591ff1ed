package io.kubeguide.progress;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Just the progress package on top of auto-configuration (DataSource, Flyway, Data JDBC, Jackson). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ProgressService.class)
class ProgressTestApplication {
}
