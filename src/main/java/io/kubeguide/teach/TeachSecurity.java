package io.kubeguide.teach;

import io.kubeguide.limits.ClientBudgets;
import io.kubeguide.limits.GuideLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The teachers' part of the site ({@code /teach}, {@code /teach/**}, {@code /teach.csv}) has its own filter chain,
 * before the guide's public one: every page but the sign-in needs {@code ROLE_TEACHER}. A stranger is sent to the
 * sign-in page and sees no figure. The password sign-in (a form: CSRF token, the session id changed on sign-in, the
 * HTTP session only from then on) gives {@code ROLE_TEACHER} to the one teacher of {@link TeacherProperties}; another
 * sign-in that grants {@code ROLE_TEACHER} (OpenID Connect) opens the same pages. Sign-in attempts come from a budget
 * per client address and for the whole guide ({@code guide.teacher.sign-ins-per-minute*}): guessing is slow.
 * The guide's response headers (CSP and the rest) come from its {@code Customizer<HeadersConfigurer>} bean, which
 * Spring Security applies to every chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TeacherProperties.class)
class TeachSecurity {

    static final String SIGN_IN = "/teach/login";
    private static final Logger log = LoggerFactory.getLogger(TeachSecurity.class);

    @Bean
    @Order(1)
    SecurityFilterChain teachFilterChain(HttpSecurity http, TeacherProperties teacher) throws Exception {
        ClientBudgets signIns = new ClientBudgets(
                "teacher sign-ins",
                teacher.signInsPerMinute(),
                teacher.signInsPerMinutePerClient(),
                GuideLimits.PERIOD);
        http.securityMatcher("/teach", "/teach/**", "/teach.csv")
                .authorizeHttpRequests(requests -> requests.requestMatchers(SIGN_IN)
                        .permitAll()
                        .anyRequest()
                        .hasRole("TEACHER"))
                .authenticationManager(new ProviderManager(passwordSignIn(teacher)))
                .addFilterBefore(new SignInBudget(signIns), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .defaultSuccessUrl("/teach", true)
                        .failureHandler((request, response, e) -> {
                            log.warn("Teacher sign-in failed from {}", request.getRemoteAddr());
                            response.sendRedirect(request.getContextPath() + SIGN_IN + "?error");
                        }))
                .logout(logout -> logout.logoutUrl("/teach/logout")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("JSESSIONID"))
                // a session only for a signed-in teacher; the CSRF token in the guide's cookie until then
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .csrf(csrf -> csrf.spa())
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable());
        return http.build();
    }

    /** The one teacher of the settings, or nobody when no password hash is set. */
    private static DaoAuthenticationProvider passwordSignIn(TeacherProperties teacher) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (teacher.passwordSignIn()) {
            users.createUser(User.withUsername(teacher.username())
                    .password(teacher.passwordHash())
                    .roles("TEACHER")
                    .build());
        }
        DelegatingPasswordEncoder hashes =
                (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        hashes.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder()); // a bare $2y$ hash from htpasswd
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(hashes);
        return provider;
    }

    /** Every sign-in attempt costs from the budget; when it is spent, back to the sign-in page, unchecked. */
    private static final class SignInBudget extends OncePerRequestFilter {

        private final ClientBudgets budget;

        SignInBudget(ClientBudgets budget) {
            this.budget = budget;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod())
                    && SIGN_IN.equals(request.getRequestURI()
                            .substring(request.getContextPath().length())));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var refusal = budget.take(request.getRemoteAddr());
            if (refusal.isPresent()) {
                log.warn("Teacher sign-in refused from {}: too many attempts", request.getRemoteAddr());
                response.sendRedirect(request.getContextPath() + SIGN_IN + "?throttled="
                        + refusal.get().retryAfter().toSeconds());
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
