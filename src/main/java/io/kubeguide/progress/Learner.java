package io.kubeguide.progress;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A controller parameter ({@code String}) that is the learner's id, resolved by {@link LearnerArgumentResolver} from
 * {@link LearnerIdentity}: null when the request carries no learner cookie, unless {@link #issueCookie()} (an action:
 * Start, Submit), which issues one from the client's budget.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Learner {

    /** Issue the cookie when the request has none; only actions (POST) do, never reading a page. */
    boolean issueCookie() default false;
}
