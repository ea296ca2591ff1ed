package io.kubeguide.terminal;

import io.kubeguide.progress.LearnerIdentity;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The terminal's WebSocket, {@code /exercises/{id}/terminal}: same origin only (Spring's default when no other
 * origin is allowed), the learner's cookie and the CSRF token required at the handshake ({@link TerminalHandshake}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TerminalSocketConfig implements WebSocketConfigurer {

    private final TerminalSocketHandler handler;
    private final LearnerIdentity identity;

    TerminalSocketConfig(TerminalSocketHandler handler, LearnerIdentity identity) {
        this.handler = handler;
        this.identity = identity;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/exercises/*/terminal").addInterceptors(new TerminalHandshake(identity));
    }
}
