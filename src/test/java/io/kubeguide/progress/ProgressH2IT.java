package io.kubeguide.progress;

import org.springframework.boot.test.context.SpringBootTest;

/** Progress on the default database: an H2 file (here under target/). */
@SpringBootTest(
        classes = ProgressServiceContract.ProgressTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.datasource.url=jdbc:h2:file:./target/progress-h2-it/progress")
class ProgressH2IT extends ProgressServiceContract {}
