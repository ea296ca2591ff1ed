/**
 * Optional sign-in with OpenID Connect, configured from the environment ({@link io.kubeguide.account.OidcProperties});
 * without a provider nothing here is registered and the guide is as anonymous as before.
 * <p>
 * An account (issuer and subject) has one learner id ({@code learner_account}); a device that signs in carries it in
 * its learner cookie, so the same progress is found on every device, and what the device did anonymously is merged
 * into it ({@code AccountSignIn}). Signing out drops the cookie: the device is anonymous again. The guide still keeps
 * no HTTP session for learners: the sign-in's state, nonce and PKCE verifier live in one only between leaving for the
 * provider and coming back, and only a teacher ({@code guide.oidc.teacher-users}) keeps the session afterwards, with
 * {@code ROLE_TEACHER}, for the teacher's pages.
 */
package io.kubeguide.account;
