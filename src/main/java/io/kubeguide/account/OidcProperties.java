package io.kubeguide.account;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Optional sign-in with OpenID Connect ({@code guide.oidc.*}, env {@code GUIDE_OIDC_*}). Without an issuer and a client
 * id there is no sign-in at all (see {@link OidcConfigured}).
 *
 * @param issuerUri the provider's issuer ({@code GUIDE_OIDC_ISSUER_URI}); its discovery document is read on the
 *     first sign-in
 * @param clientId the guide's client at the provider ({@code GUIDE_OIDC_CLIENT_ID})
 * @param clientSecret its secret ({@code GUIDE_OIDC_CLIENT_SECRET})
 * @param providerName what the sign-in button names ({@code GUIDE_OIDC_PROVIDER_NAME}); the issuer's host when empty
 * @param teacherUsers subjects or verified e-mail addresses that get the teacher role when they sign in
 *     ({@code GUIDE_TEACHER_OIDC_USERS}, comma-separated)
 * @param signInsPerMinute sign-ins that may be started in a minute on the whole guide (each holds a session)
 * @param signInsPerMinutePerClient ... from one client address
 */
@ConfigurationProperties("guide.oidc")
public record OidcProperties(
        String issuerUri,
        String clientId,
        String clientSecret,
        String providerName,
        List<String> teacherUsers,
        @DefaultValue("120") int signInsPerMinute,
        @DefaultValue("10") int signInsPerMinutePerClient) {

    public OidcProperties {
        if (StringUtils.hasText(issuerUri) != StringUtils.hasText(clientId)) {
            throw new IllegalArgumentException("Sign-in needs both GUIDE_OIDC_ISSUER_URI and GUIDE_OIDC_CLIENT_ID"
                    + " (guide.oidc.issuer-uri, guide.oidc.client-id): only one of them is set");
        }
        teacherUsers = teacherUsers == null
                ? List.of()
                : teacherUsers.stream()
                        .map(String::trim)
                        .filter(u -> !u.isEmpty())
                        .toList();
    }

    /** The provider as the page names it. */
    public String shownName() {
        if (StringUtils.hasText(providerName)) {
            return providerName.trim();
        }
        String host = URI.create(issuerUri.trim()).getHost();
        return host == null ? issuerUri : host;
    }
}
