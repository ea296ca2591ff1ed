package io.kubeguide;

import io.kubeguide.authoring.ContentCheckCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GuideApplication {

    public static void main(String[] args) {
        if (ContentCheckCommand.requested(args)) {
            System.exit(ContentCheckCommand.run(args, System.out)); // an author's check: no server
        }
        SpringApplication.run(GuideApplication.class, args);
    }
}
