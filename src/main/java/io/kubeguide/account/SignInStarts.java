package io.kubeguide.account;

import io.kubeguide.limits.ClientBudgets;
import io.kubeguide.limits.GuideLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Starting a sign-in makes the guide hold an HTTP session (the state, nonce and PKCE verifier) until the browser comes
 * back: so strangers may start only so many a minute (per client address and in all), and such a session lasts
 * {@value #SESSION_MINUTES} minutes unused, not Tomcat's 30.
 */
final class SignInStarts
        implements OAuth2AuthorizationRequestResolver, AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final int SESSION_MINUTES = 10;

    /** Too many sign-ins started from this client address or on the guide this minute. */
    static final class TooMany extends RuntimeException {
        TooMany() {
            super("too many sign-ins started");
        }
    }

    private final OAuth2AuthorizationRequestResolver resolver;
    private final HttpSessionOAuth2AuthorizationRequestRepository sessions =
            new HttpSessionOAuth2AuthorizationRequestRepository();
    private final ClientBudgets budget;

    SignInStarts(ClientRegistrationRepository registrations, OidcProperties properties) {
        this.resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, SignInOutcome.START);
        this.budget = new ClientBudgets(
                "sign-ins", properties.signInsPerMinute(), properties.signInsPerMinutePerClient(), GuideLimits.PERIOD);
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        return paidFor(request, resolver.resolve(request));
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
        return paidFor(request, resolver.resolve(request, clientRegistrationId));
    }

    private OAuth2AuthorizationRequest paidFor(HttpServletRequest request, OAuth2AuthorizationRequest started) {
        if (started != null && budget.take(request.getRemoteAddr()).isPresent()) {
            throw new TooMany();
        }
        return started;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        return sessions.loadAuthorizationRequest(request);
    }

    @Override
    public void saveAuthorizationRequest(
            OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request, HttpServletResponse response) {
        sessions.saveAuthorizationRequest(authorizationRequest, request, response);
        if (authorizationRequest != null) {
            request.getSession().setMaxInactiveInterval((int)
                    Duration.ofMinutes(SESSION_MINUTES).toSeconds());
        }
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        return sessions.removeAuthorizationRequest(request, response);
    }
}
