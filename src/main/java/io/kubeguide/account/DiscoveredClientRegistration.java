package io.kubeguide.account;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The one client registration ({@value #ID}), read from the provider's discovery document on the first sign-in rather
 * than at start-up: a provider that is down does not keep the guide (and its lessons) from starting, and sign-in works
 * as soon as it answers. PKCE is asked for even though the guide is a confidential client.
 */
final class DiscoveredClientRegistration implements ClientRegistrationRepository {

    static final String ID = "oidc";

    private final OidcProperties properties;
    private volatile ClientRegistration registration;

    DiscoveredClientRegistration(OidcProperties properties) {
        this.properties = properties;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration found = registration;
        if (found == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = discover();
                }
                found = registration;
            }
        }
        return found;
    }

    /** @throws IllegalArgumentException the provider did not answer with a discovery document for its issuer */
    private ClientRegistration discover() {
        return ClientRegistrations.fromIssuerLocation(properties.issuerUri().trim())
                .registrationId(ID)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .scope("openid", "profile", "email")
                .clientSettings(ClientRegistration.ClientSettings.builder()
                        .requireProofKey(true)
                        .build())
                .build();
    }
}
