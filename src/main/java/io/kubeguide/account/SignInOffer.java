package io.kubeguide.account;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Whether pages offer the account link ({@code signInOffered} in every page's model; the layout shows the link). The
 * same for every reader, so shared pages may keep it.
 */
@ControllerAdvice
class SignInOffer {

    private final boolean offered;

    SignInOffer(Environment environment) {
        this.offered = OidcConfigured.in(environment);
    }

    @ModelAttribute("signInOffered")
    boolean signInOffered() {
        return offered;
    }
}
