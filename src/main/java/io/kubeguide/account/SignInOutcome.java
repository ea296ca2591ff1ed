package io.kubeguide.account;

import io.kubeguide.progress.LearnerIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where a sign-in ends: always on {@code /account} of this guide (no redirect taken from the request, so none to
 * elsewhere). On success the device carries the account's learner id; the HTTP session that held the sign-in's state,
 * nonce and PKCE verifier is dropped, except for a teacher, whose session (with a new id: Spring changes it on
 * sign-in) keeps the sign-in and {@code ROLE_TEACHER} for the teacher's pages. On failure the page says why in words.
 */
class SignInOutcome implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    static final String ACCOUNT_PAGE = "/account";
    /** Where a sign-in starts (Spring's default base): {@code /oauth2/authorization/oidc}. */
    static final String START = "/oauth2/authorization";
    /** Where the provider sends the browser back (Spring's default): {@code /login/oauth2/code/oidc}. */
    static final String CALLBACK = "/login/oauth2/code";
    /** Why a sign-in failed, as {@code /account?error=...}: the page words each. */
    static final String DECLINED = "declined", UNAVAILABLE = "unavailable", FAILED = "failed", BUSY = "busy";

    private static final Logger log = LoggerFactory.getLogger(SignInOutcome.class);

    private final AccountSignIn signIn;
    private final LearnerIdentity identity;
    private final SecurityContextRepository teacherSessions = new HttpSessionSecurityContextRepository();

    SignInOutcome(AccountSignIn signIn, LearnerIdentity identity) {
        this.signIn = signIn;
        this.identity = identity;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        Account account = Account.of((OidcUser) authentication.getPrincipal());
        String learner = signIn.signIn(account, identity.existing(request));
        identity.adopt(learner, request, response);
        boolean teacher = authentication.getAuthorities().stream()
                .anyMatch(a -> TeacherAuthorities.TEACHER.equals(a.getAuthority()));
        if (teacher) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            teacherSessions.saveContext(context, request, response);
            // the sign-in's short session becomes a teacher's ordinary one
            request.getSession()
                    .setMaxInactiveInterval(request.getServletContext().getSessionTimeout() * 60);
        } else {
            SessionEnd.now(request, response);
        }
        response.sendRedirect(request.getContextPath() + ACCOUNT_PAGE);
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String reason;
        if (exception instanceof OAuth2AuthenticationException oauth
                && OAuth2ErrorCodes.ACCESS_DENIED.equals(oauth.getError().getErrorCode())) {
            reason = DECLINED;
        } else if (exception.getCause() instanceof SignInStarts.TooMany) {
            reason = BUSY;
        } else if (request.getRequestURI().startsWith(request.getContextPath() + START + "/")) {
            reason = UNAVAILABLE; // before leaving for the provider: its discovery document could not be read
        } else {
            reason = FAILED;
        }
        log.warn("Sign-in failed ({}): {}", reason, oneLine(exception.getMessage()));
        response.sendRedirect(request.getContextPath() + ACCOUNT_PAGE + "?error=" + reason);
    }

    /** Part of the message may come from the request (the provider's error description): one short line of it. */
    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
