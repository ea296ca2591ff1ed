package io.kubeguide.account;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A signed-in person as the guide knows them: the provider's issuer and their subject there (stable, never reused),
 * and a name to show them (e-mail address, user name or full name, whichever the provider gives).
 */
record Account(String issuer, String subject, String name) {

    private static final int MAX_NAME = 255;

    static Account of(OidcUser user) {
        String name = firstOf(user.getEmail(), user.getPreferredUsername(), user.getFullName(), user.getSubject());
        return new Account(
                user.getIssuer().toString(),
                user.getSubject(),
                name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
    }

    private static String firstOf(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        throw new IllegalArgumentException("an OpenID Connect user without a subject");
    }
}
