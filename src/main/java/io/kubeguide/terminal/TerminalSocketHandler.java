package io.kubeguide.terminal;

import io.kubeguide.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The terminal's messages, JSON both ways. From the page: {@code hello}, {@code run} (line, stdin), {@code cancel}
 * (Ctrl+C), {@code complete} (line). To the page: {@code ready} (namespace), {@code out} / {@code err} (text as it
 * comes), {@code refused} (why), {@code exit} (code), {@code completions} (items). Line editing, history and colours
 * are the page's.
 */
@Component
class TerminalSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(TerminalSocketHandler.class);

    /** Runs each command off the socket's thread, so that Ctrl+C (cancel) is read while it runs. */
    private static final ExecutorService COMMANDS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "terminal-command");
        t.setDaemon(true);
        return t;
    });

    private final TerminalService terminal;
    private final JsonMapper json;
    private final Map<String, ConcurrentWebSocketSessionDecorator> sessions = new ConcurrentHashMap<>();
    private final Map<String, RunningCommand> running = new ConcurrentHashMap<>();

    TerminalSocketHandler(TerminalService terminal, JsonMapper json) {
        this.terminal = terminal;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        // room for YAML pasted after 'kubectl apply -f -' in one message (JSON-escaped)
        session.setTextMessageSizeLimit(4 * (TerminalService.MAX_STDIN_CHARS + CommandLineTokenizer.MAX_LINE_LENGTH));
        sessions.put(session.getId(), new ConcurrentWebSocketSessionDecorator(session, 10_000, 1024 * 1024));
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) throws IOException {
        WebSocketSession session = sessions.get(raw.getId());
        String learner = (String) raw.getAttributes().get(TerminalHandshake.LEARNER);
        String exercise = (String) raw.getAttributes().get(TerminalHandshake.EXERCISE);
        JsonNode in = json.readTree(message.getPayload());
        switch (in.path("type").asString("")) {
            case "hello" ->
                send(
                        session,
                        Map.of("type", "ready", "namespace", String.valueOf(terminal.namespaceOf(learner, exercise))));
            case "complete" -> {
                String line = in.path("line").asString("");
                List<String> items = terminal.complete(learner, exercise, line);
                send(session, Map.of("type", "completions", "line", line, "items", items));
            }
            case "cancel" -> {
                RunningCommand command = running.get(raw.getId());
                if (command != null) {
                    command.cancel();
                }
            }
            case "run" -> {
                if (running.containsKey(raw.getId())) {
                    send(
                            session,
                            Map.of(
                                    "type",
                                    "refused",
                                    "message",
                                    "Your previous command is still running: wait for it, or press Ctrl+C to end it."));
                    return;
                }
                RunningCommand command = new RunningCommand();
                running.put(raw.getId(), command);
                String line = in.path("line").asString("");
                String stdin = in.hasNonNull("stdin") ? in.path("stdin").asString() : null;
                COMMANDS.execute(() -> {
                    try {
                        run(session, learner, exercise, line, stdin, command);
                    } finally {
                        running.remove(raw.getId());
                    }
                });
            }
            default -> send(session, Map.of("type", "refused", "message", "Unknown message."));
        }
    }

    private void run(
            WebSocketSession session,
            String learner,
            String exercise,
            String line,
            String stdin,
            RunningCommand command) {
        OutputSink sink = new OutputSink() {
            @Override
            public void stdout(String text) {
                send(session, Map.of("type", "out", "data", text));
            }

            @Override
            public void stderr(String text) {
                send(session, Map.of("type", "err", "data", text));
            }
        };
        try {
            KubectlResult result = terminal.run(learner, exercise, client(session), line, stdin, sink, command);
            Map<String, Object> exit = new LinkedHashMap<>();
            exit.put("type", "exit");
            exit.put("code", result.exitCode());
            exit.put("millis", result.millis());
            send(session, exit);
        } catch (RefusedCommandException | CommandSlots.BusyException e) {
            send(session, Map.of("type", "refused", "message", e.getMessage()));
        } catch (SandboxUnavailableException e) {
            send(session, Map.of("type", "refused", "message", "Your sandbox is not ready: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Terminal command failed for {}: {}", learner, e.toString());
            send(session, Map.of("type", "refused", "message", "The command could not be run: " + e.getMessage()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.remove(session.getId());
        RunningCommand command = running.remove(session.getId());
        if (command != null) {
            command.cancel(); // the page went away: nobody reads the output
        }
    }

    private void send(WebSocketSession session, Map<String, ?> message) {
        if (session == null || !session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(new TextMessage(json.writeValueAsString(message)));
        } catch (IOException | IllegalStateException e) {
            log.debug("Terminal message not sent: {}", e.toString());
        }
    }

    /** The client's address as the handshake saw it (behind a trusted proxy: the forwarded one). */
    private static String client(WebSocketSession session) {
        return session.getRemoteAddress() == null || session.getRemoteAddress().getAddress() == null
                ? null
                : session.getRemoteAddress().getAddress().getHostAddress();
    }
}
