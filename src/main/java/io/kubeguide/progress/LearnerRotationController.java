package io.kubeguide.progress;

import io.kubeguide.logging.LogSafe;
import io.kubeguide.sandbox.SandboxService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code POST /learner/rotate} (form, CSRF): the learner gets a new id in their cookie and their progress (solved
 * exercises, submissions) moves to it; the old id is then worth nothing, should it have leaked (a shared computer, a
 * copied cookie). Their sandbox is deleted: it belonged to the old id; Start prepares a fresh one. Then back to the
 * page they came from (only a path of this site).
 */
@Controller
class LearnerRotationController {

    private static final Logger log = LoggerFactory.getLogger(LearnerRotationController.class);

    private final LearnerIdentity identity;
    private final ProgressService progress;
    private final SandboxService sandboxes;

    LearnerRotationController(LearnerIdentity identity, ProgressService progress, SandboxService sandboxes) {
        this.identity = identity;
        this.progress = progress;
        this.sandboxes = sandboxes;
    }

    @PostMapping("/learner/rotate")
    String rotate(
            @RequestParam(name = "return", required = false) String back,
            HttpServletRequest request,
            HttpServletResponse response) {
        identity.existing(request).ifPresent(old -> {
            String fresh = identity.rotate(request, response);
            progress.moveLearner(old, fresh);
            sandboxes.release(old);
            log.info("Learner {} is now {}", LogSafe.learner(old), LogSafe.learner(fresh));
        });
        boolean local = back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\");
        return "redirect:" + (local ? back : "/");
    }
}
