package io.kubeguide.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

class SignInStartsTest {

    private final SignInStarts starts = new SignInStarts(
            new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId("oidc")
                    .clientId("guide")
                    .clientSecret("secret")
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope("openid")
                    .authorizationUri("https://id.example/authorize")
                    .tokenUri("https://id.example/token")
                    .build()),
            new OidcProperties("https://id.example", "guide", "secret", null, List.of(), 100, 3));

    private static MockHttpServletRequest start(String client) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorization/oidc");
        request.setServletPath("/oauth2/authorization/oidc");
        request.setRemoteAddr(client);
        return request;
    }

    @Test
    void aClientStartsOnlySoManySignInsAMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(starts.resolve(start("192.0.2.7"))).isNotNull();
        }
        assertThatThrownBy(() -> starts.resolve(start("192.0.2.7"))).isInstanceOf(SignInStarts.TooMany.class);
        assertThat(starts.resolve(start("198.51.100.9"))).as("another client").isNotNull();
        assertThat(starts.resolve(new MockHttpServletRequest("GET", "/lessons/services")))
                .as("not a sign-in: nothing paid")
                .isNull();
    }

    @Test
    void theSignInsSessionLastsTenMinutesUnused() {
        MockHttpServletRequest request = start("192.0.2.8");
        OAuth2AuthorizationRequest started = starts.resolve(request);
        starts.saveAuthorizationRequest(started, request, new MockHttpServletResponse());
        assertThat(request.getSession(false).getMaxInactiveInterval()).isEqualTo(600);
        MockHttpServletRequest back = new MockHttpServletRequest("GET", "/login/oauth2/code/oidc");
        back.setSession(request.getSession(false));
        back.setParameter("state", started.getState());
        assertThat(starts.loadAuthorizationRequest(back)).isNotNull();
        back.setParameter("state", "another");
        assertThat(starts.loadAuthorizationRequest(back)).as("another state").isNull();
    }
}
