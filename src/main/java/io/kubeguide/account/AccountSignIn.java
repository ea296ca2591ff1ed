package io.kubeguide.account;

import io.kubeguide.logging.LogSafe;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What signing in does to progress: the account has one learner id (made on its first sign-in, never the device's
 * anonymous id, which someone else may have planted or copied); what the device did anonymously is merged into it.
 * The anonymous sandbox belonged to the anonymous id and is deleted (Start prepares one for the account). A device
 * that was signed in to another account merges nothing: that progress is the other account's.
 */
@Service
class AccountSignIn {

    private static final Logger log = LoggerFactory.getLogger(AccountSignIn.class);

    private final AccountLinks links;
    private final ProgressService progress;
    private final SandboxService sandboxes;

    AccountSignIn(AccountLinks links, ProgressService progress, SandboxService sandboxes) {
        this.links = links;
        this.progress = progress;
        this.sandboxes = sandboxes;
    }

    /**
     * @param device the learner id the device carried before signing in, if any
     * @return the account's learner id, which the device carries from now on
     */
    String signIn(Account account, Optional<String> device) {
        String learner = links.learnerOf(account, LearnerIdentity.newId());
        device.filter(id -> !id.equals(learner))
                .filter(id -> links.accountOf(id).isEmpty())
                .ifPresent(anonymous -> {
                    progress.mergeLearner(anonymous, learner);
                    sandboxes.release(anonymous);
                    log.info(
                            "Learner {} signed in as {}: their progress merged",
                            LogSafe.learner(anonymous),
                            LogSafe.learner(learner));
                });
        return learner;
    }
}
