package io.kubeguide.terminal;

import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.progress.Learner;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The terminal for scripts: {@code POST /api/exercises/{id}/kubectl} with {@code {"command": "kubectl get svc"}}
 * answers {@code {"exitCode", "output"}}, under the same rules and limits as the terminal in the page. The text after
 * the command's first line (or {@code "stdin"}) is what {@code -f -} reads. A sandbox not ready is answered by
 * {@code web.ApiRefusals}, as for the rest of the API.
 */
@RestController
class KubectlApiController {

    private final ExerciseCatalog catalog;
    private final TerminalService terminal;

    KubectlApiController(ExerciseCatalog catalog, TerminalService terminal) {
        this.catalog = catalog;
        this.terminal = terminal;
    }

    record CommandBody(String command, String stdin) {}

    record CommandOutput(int exitCode, String output) {}

    @PostMapping(path = "/api/exercises/{id}/kubectl", consumes = "application/json")
    CommandOutput run(
            @PathVariable String id,
            @RequestBody CommandBody body,
            @Learner(issueCookie = true) String learner,
            HttpServletRequest request)
            throws SandboxUnavailableException {
        String exerciseId = catalog.get(id).id();
        PastedCommand command =
                PastedCommand.of(body == null ? null : body.command(), body == null ? null : body.stdin());
        StringBuilder output = new StringBuilder();
        OutputSink sink = new OutputSink() {
            @Override
            public synchronized void stdout(String text) {
                output.append(text);
            }

            @Override
            public synchronized void stderr(String text) {
                output.append(text);
            }
        };
        KubectlResult result = terminal.run(
                learner,
                exerciseId,
                request.getRemoteAddr(),
                command.line(),
                command.stdin(),
                sink,
                new RunningCommand());
        synchronized (sink) {
            return new CommandOutput(result.exitCode(), output.toString());
        }
    }

    @ExceptionHandler(RefusedCommandException.class)
    ResponseEntity<ProblemDetail> refused(RefusedCommandException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Command refused");
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
    }

    @ExceptionHandler(CommandSlots.BusyException.class)
    ResponseEntity<ProblemDetail> busy(CommandSlots.BusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too many commands at once");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }
}
