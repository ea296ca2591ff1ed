package io.kubeguide.account;

import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /account}: whether this browser is signed in, the progress it carries, sign in or out, export or clear.
 * {@code POST /account/sign-out} (form, CSRF): the device forgets the account's learner id (the next action makes it a
 * new anonymous learner); the progress stays with the account. Only when sign-in is configured.
 */
@Controller
@Conditional(OidcConfigured.class)
class AccountController {

    private static final Map<String, String> FAILURES = Map.of(
            SignInOutcome.DECLINED,
            "Sign-in was cancelled at the provider. Nothing changed: you are not signed in.",
            SignInOutcome.UNAVAILABLE,
            "The sign-in provider does not answer right now. Try again later; your progress here is kept.",
            SignInOutcome.BUSY,
            "Too many sign-ins were started from your network address (or on this guide) in the last minute."
                    + " Try again in a minute; your progress here is kept.",
            SignInOutcome.FAILED,
            "The sign-in could not be completed (it may have taken too long, or been started in another tab)."
                    + " Try again; your progress here is kept.");

    private final OidcProperties oidc;
    private final LearnerIdentity identity;
    private final AccountLinks links;
    private final ProgressService progress;
    private final HttpSessionSecurityContextRepository teacherSessions = new HttpSessionSecurityContextRepository();

    AccountController(OidcProperties oidc, LearnerIdentity identity, AccountLinks links, ProgressService progress) {
        this.oidc = oidc;
        this.identity = identity;
        this.links = links;
        this.progress = progress;
    }

    @GetMapping("/account")
    String account(@RequestParam(required = false) String error, HttpServletRequest request, Model model) {
        Optional<String> learner = identity.existing(request);
        model.addAttribute("provider", oidc.shownName());
        model.addAttribute("signInUrl", SignInOutcome.START + "/" + DiscoveredClientRegistration.ID);
        model.addAttribute("account", learner.flatMap(links::accountOf).orElse(null));
        model.addAttribute(
                "solved", learner.map(id -> progress.solved(id).size()).orElse(0));
        model.addAttribute("submissions", learner.map(progress::submissionCount).orElse(0L));
        model.addAttribute("teacher", isTeacher(request));
        model.addAttribute(
                "failure", error == null ? null : FAILURES.getOrDefault(error, FAILURES.get(SignInOutcome.FAILED)));
        return "account";
    }

    @PostMapping("/account/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        identity.existing(request)
                .filter(id -> links.accountOf(id).isPresent())
                .ifPresent(id -> identity.forget(request, response));
        SessionEnd.now(request, response);
        return "redirect:" + SignInOutcome.ACCOUNT_PAGE;
    }

    private boolean isTeacher(HttpServletRequest request) {
        if (request.getSession(false) == null) {
            return false;
        }
        Authentication signedIn =
                teacherSessions.loadDeferredContext(request).get().getAuthentication();
        return signedIn != null
                && signedIn.getAuthorities().stream()
                        .anyMatch(a -> TeacherAuthorities.TEACHER.equals(a.getAuthority()));
    }
}
