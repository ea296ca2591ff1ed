package io.kubeguide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GUIDE_LOG_FORMAT=json turns the guide's log into one JSON object a line (application.yml, logging/json.yml). */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JsonLogFormatTest {

    /** Spring Boot keeps the format in a system property: cleared, so the plain test (last) starts plain again. */
    @AfterEach
    void forgetTheFormat() {
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    }

    @Configuration(proxyBeanMethods = false)
    static class Nothing {}

    @Test
    @Order(1)
    void jsonFormatWritesOneJsonObjectALine(CapturedOutput output) {
        String line = logged(output, "a line for the operator's log collector", "GUIDE_LOG_FORMAT=json");
        JsonNode json = new JsonMapper().readTree(line);
        assertThat(json.get("message").asString()).isEqualTo("a line for the operator's log collector");
        assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(json.get("log").get("logger").asString()).isEqualTo(JsonLogFormatTest.class.getName());
        assertThat(json.has("@timestamp")).isTrue();
    }

    @Test
    @Order(2)
    void plainTextByDefault(CapturedOutput output) {
        assertThat(logged(output, "a plain line")).doesNotStartWith("{").contains("INFO");
    }

    /** The line with {@code message}, logged by an application started with {@code properties}. */
    private static String logged(CapturedOutput output, String message, String... properties) {
        // a cached test context of an earlier test keeps logging initialised, and Spring Boot does not initialise it
        // again while it is: let this application's settings take effect, as they do in a JVM of its own
        LoggingSystem.get(JsonLogFormatTest.class.getClassLoader()).cleanUp();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Nothing.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run()) {
            LoggerFactory.getLogger(JsonLogFormatTest.class).info(message);
        }
        return output.getOut()
                .lines()
                .filter(l -> l.contains(message))
                .findFirst()
                .orElseThrow();
    }
}
