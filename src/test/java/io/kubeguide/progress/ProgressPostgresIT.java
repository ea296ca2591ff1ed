package io.kubeguide.progress;

import io.kubeguide.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Progress on a real PostgreSQL (as in docker-compose, {@link TestPostgres}); skipped, with the reason, when no
 * PostgreSQL answers there.
 */
@SpringBootTest(
        classes = ProgressServiceContract.ProgressTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProgressPostgresIT extends ProgressServiceContract {

    @BeforeAll
    static void postgresAnswers() {
        TestPostgres.assumeAnswers("ProgressPostgresIT");
    }

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestPostgres.URL);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> TestPostgres.PASSWORD);
    }
}
