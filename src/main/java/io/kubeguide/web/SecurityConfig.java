package io.kubeguide.web;

import io.kubeguide.exercise.ScriptSubmissions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Everything is public (learners are anonymous; their progress is keyed by the {@code guide_learner} cookie). The
 * guide keeps no HTTP session: reading a lesson creates none. CSRF protection stays on for every POST: the token lives
 * in the {@code XSRF-TOKEN} cookie (readable by our own scripts, which send it back as {@code X-XSRF-TOKEN}); forms
 * rendered by Thymeleaf carry it as the {@code _csrf} field. Scripts and styles come only from the guide itself.
 * The teachers' pages ({@code /teach}) have a filter chain of their own, before this one (package {@code teach}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    /** No inline script or style anywhere: JavaScript lives in static files. */
    public static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // spa(): CookieCsrfTokenRepository.withHttpOnlyFalse() plus a request handler that accepts the raw
                // cookie value in the X-XSRF-TOKEN header (fetch) and the masked value in the _csrf field (forms).
                .csrf(csrf -> csrf.spa()
                        // scripts (curl) grading YAML/JSON bodies through the API; never browser form types
                        .ignoringRequestMatchers(ScriptSubmissions.MATCHER))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    /** The guide's response headers; Spring Security applies this bean to every filter chain (also {@code /teach}'s). */
    @Bean
    Customizer<HeadersConfigurer<HttpSecurity>> guideHeaders() {
        return headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .permissionsPolicyHeader(
                        permissions -> permissions.policy("camera=(), microphone=(), geolocation=(), payment=()"));
    }

    /** The guide has no user accounts (and so Spring Boot generates no default password). */
    @Bean
    UserDetailsService noAccounts() {
        return new InMemoryUserDetailsManager();
    }
}
