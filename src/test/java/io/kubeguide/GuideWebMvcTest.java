package io.kubeguide;

import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.content.ContentSource;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.ExercisePanels;
import io.kubeguide.exercise.ExerciseProperties;
import io.kubeguide.exercise.ReportRenderer;
import io.kubeguide.exercise.SubmissionRateLimiter;
import io.kubeguide.exercise.view.ExerciseMarkdown;
import io.kubeguide.lesson.LessonCatalog;
import io.kubeguide.limits.BucketStore;
import io.kubeguide.limits.GuideLimits;
import io.kubeguide.pages.SharedPages;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.web.SecurityConfig;
import jakarta.servlet.http.Cookie;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A {@code @WebMvcTest} of one controller as the guide serves it: security (CSRF, headers), the learner argument
 * resolver, the submission budget, the refusal advices, the layout's lesson and exercise catalogues (the real course
 * content) and the exercise panel's rendering. The sandboxes and the database are Mockito mocks: a test stubs what
 * its controller's service answers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest
// the application itself, not the nearest @SpringBootConfiguration of a test package (ProgressServiceContract has one)
@ContextConfiguration(classes = GuideApplication.class)
@Import({SecurityConfig.class, SharedPages.class, GuideWebMvcTest.Beans.class})
@ImportAutoConfiguration({
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
@MockitoBean(types = {SandboxService.class, ProgressService.class})
public @interface GuideWebMvcTest {

    /** A learner who already has their cookie. */
    Cookie LEARNER = new Cookie(LearnerIdentity.COOKIE, "learner-0123456789abcdefghij");

    /** The controllers under test. */
    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};

    @ComponentScan(basePackageClasses = LessonCatalog.class)
    @EnableConfigurationProperties({GuideLimits.class, ExerciseProperties.class})
    @Import({
        LearnerIdentity.class,
        SubmissionRateLimiter.class,
        ExercisePanels.class,
        ReportRenderer.class,
        ExerciseMarkdown.class
    })
    class Beans {
        @Bean
        ContentSource content() {
            return ClasspathContentSource.packaged();
        }

        @Bean
        ExerciseCatalog exerciseCatalog(ContentSource content) {
            return new ExerciseCatalog(content);
        }

        @Bean
        BucketStore buckets() {
            return BucketStore.inMemory();
        }
    }
}
