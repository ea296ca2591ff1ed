package io.kubeguide.exercise.view;

import io.kubeguide.progress.Learner;
import io.kubeguide.progress.ProgressService;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code POST /progress/clear} (form, CSRF): forgets which exercises the learner solved and their submissions, then
 * goes back to the page they came from (only a path of this site, never another origin).
 */
@Controller
class ProgressClearController {

    private final ProgressService progress;

    ProgressClearController(ProgressService progress) {
        this.progress = progress;
    }

    @PostMapping("/progress/clear")
    String clear(@RequestParam(name = "return", required = false) String back, @Learner String learner) {
        if (learner != null) {
            progress.clear(learner);
        }
        boolean local = back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\");
        return "redirect:" + (local ? back : "/");
    }
}
