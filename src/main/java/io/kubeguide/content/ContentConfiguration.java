package io.kubeguide.content;

import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContentProperties.class)
class ContentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ContentConfiguration.class);

    @Bean
    ContentSource contentSource(ContentProperties properties) {
        if (properties.dir() != null) {
            if (!Files.isDirectory(properties.dir())) {
                throw new IllegalStateException("guide.content.dir is not a directory: "
                        + properties.dir().toAbsolutePath());
            }
            log.info(
                    "Reading the course from {} (edits are picked up without a restart)",
                    properties.dir().toAbsolutePath());
            return new DirectoryContentSource(properties.dir());
        }
        return ClasspathContentSource.packaged();
    }
}
