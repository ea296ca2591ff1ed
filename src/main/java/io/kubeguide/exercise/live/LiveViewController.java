package io.kubeguide.exercise.live;

import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.progress.Learner;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/exercises/{id}/live}: what is in the learner's sandbox for this exercise right now. Read-only; it
 * never prepares a sandbox (an empty view says why instead), and it reads only the sandbox's own namespace.
 */
@RestController
class LiveViewController {

    private final ExerciseCatalog catalog;
    private final SandboxService sandboxes;
    private final LiveViewReader reader;

    LiveViewController(ExerciseCatalog catalog, SandboxService sandboxes, LiveViewReader reader) {
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.reader = reader;
    }

    @GetMapping("/api/exercises/{id}/live")
    ResponseEntity<LiveView> live(@PathVariable String id, @Learner String learnerId) {
        ExerciseSpec exercise = catalog.get(id);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(read(exercise, learnerId));
    }

    private LiveView read(ExerciseSpec exercise, String learnerId) {
        if (learnerId == null) {
            return LiveView.unavailable("Submit once and your sandbox appears here.");
        }
        var status = sandboxes.status(learnerId, exercise.id());
        if (status.state() != SandboxState.READY) {
            return LiveView.unavailable(status.message() != null ? status.message() : "Your sandbox is not ready yet.");
        }
        return sandboxes
                .ready(learnerId, exercise.id())
                .map(sandbox -> reader.read(sandbox.adminClient(), sandbox.namespace()))
                .orElseGet(() -> LiveView.unavailable("Your sandbox is not ready yet."));
    }
}
