package io.kubeguide.account;

import io.kubeguide.progress.LearnerIdentity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The OpenID Connect sign-in, only when a provider is configured ({@link OidcConfigured}). Its own filter chain covers
 * just the two addresses of the sign-in ({@code /oauth2/authorization/oidc}, {@code /login/oauth2/code/oidc}), before
 * the guide's stateless main chain: Spring keeps state, nonce and the PKCE verifier in an HTTP session between them
 * and checks all three on the way back. No security context is kept in a session by this chain; {@link SignInOutcome}
 * keeps one only for teachers.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OidcConfigured.class)
class SignInConfiguration {

    @Bean
    ClientRegistrationRepository clientRegistrationRepository(OidcProperties properties) {
        return new DiscoveredClientRegistration(properties);
    }

    @Bean
    SignInOutcome signInOutcome(AccountSignIn signIn, LearnerIdentity identity) {
        return new SignInOutcome(signIn, identity);
    }

    @Bean
    @Order(10) // before the main chain (which matches everything else)
    SecurityFilterChain signInFilterChain(
            HttpSecurity http,
            ClientRegistrationRepository registrations,
            OidcProperties properties,
            SignInOutcome outcome)
            throws Exception {
        SignInStarts starts = new SignInStarts(registrations, properties);
        http.securityMatcher(SignInOutcome.START + "/**", SignInOutcome.CALLBACK + "/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .oauth2Login(login -> login.clientRegistrationRepository(registrations)
                        // the provider's tokens are never used: kept only in the session, which learners drop
                        .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                        .authorizationEndpoint(start ->
                                start.authorizationRequestResolver(starts).authorizationRequestRepository(starts))
                        .loginPage(SignInOutcome.ACCOUNT_PAGE)
                        .userInfoEndpoint(
                                user -> user.userAuthoritiesMapper(new TeacherAuthorities(properties.teacherUsers())))
                        .successHandler(outcome)
                        .failureHandler(outcome)
                        // a provider that cannot be asked (discovery failed) gets the page's words, not a 500
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(outcome);
                                return filter;
                            }
                        }))
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                // the way back carries the authorization code in its address: sent to nobody
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }
}
