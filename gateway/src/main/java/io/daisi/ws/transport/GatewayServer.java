package io.daisi.ws.transport;

import io.daisi.ws.auth.Authenticator;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.events.EventPublisher;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.observability.DependencyCheck;
import io.daisi.ws.observability.Metrics;
import io.daisi.ws.routing.SubscriptionIndex;
import io.daisi.ws.session.LocalSessions;
import io.daisi.ws.session.SessionAdmission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing side of the gateway assembled: HTTP endpoints, sockets,
 * their supervision. Start, stop accepting, close every socket, close.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private final LiveConfig config;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ConnectionSupervisor supervisor;
    private final HttpServer server = new HttpServer();
    private final HttpRouter router;
    private int port;

    public GatewayServer(LiveConfig config, Authenticator authenticator, TokenIssuer issuer, SessionAdmission admission,
                         LocalSessions sessions, SubscriptionIndex index, LastMessageStore lastMessages,
                         Optional<EventHistory> history, Optional<EventPublisher> devPublisher,
                         List<DependencyCheck> checks, Metrics metrics) {
        this.config = config;
        this.supervisor = new ConnectionSupervisor(registry, metrics);
        metrics.bufferGauges(registry::queuedMessages, registry::queueCapacity);
        SocketRecovery recovery = new SocketRecovery(history, () -> config.current().nats().subjectPrefix(),
                () -> config.current().app().recoveryMaxEvents());
        WebSocketEndpoint sockets = new WebSocketEndpoint(config, authenticator, admission, sessions, index,
                lastMessages, recovery, registry, metrics);
        this.router = new HttpRouter(new ReadinessEndpoint(checks), metrics, new TokenEndpoints(config, issuer),
                devPublisher.map(publisher -> new DevEventsEndpoint(config, publisher)),
                devPublisher.map(publisher -> demoPage()), sockets);
    }

    /** Binds the HTTP port (0 = any free port) and returns the port bound. */
    public int start() throws InterruptedException {
        port = server.start(config.current().server().bindAddress(), config.current().server().httpPort(),
                () -> config.current().app(), () -> router);
        supervisor.start();
        log.info("HTTP and WebSocket server listening on port {}", port);
        return port;
    }

    public int port() {
        return port;
    }

    public int openSockets() {
        return registry.size();
    }

    public void stopAccepting() {
        server.stopAccepting();
    }

    /** Sends 1001 to every socket and waits (up to {@code timeout}) for them to close. */
    public void closeAllSockets(Duration timeout) {
        for (ClientConnection connection : registry.all()) {
            if (connection.isUpgraded()) {
                connection.close(1001, "server shutting down");
            } else {
                connection.channel().close();
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        List<CompletableFuture<Void>> closing = registry.all().stream()
                .map(c -> {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    c.channel().closeFuture().addListener(f -> done.complete(null));
                    return done;
                }).toList();
        long remaining = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(remaining, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("{} sockets still open after the close grace period; dropping them", registry.size());
            registry.all().forEach(c -> c.channel().close());
        }
    }

    @Override
    public void close() {
        supervisor.close();
        server.close();
    }

    private static byte[] demoPage() {
        try (InputStream in = GatewayServer.class.getResourceAsStream("/io/daisi/ws/transport/demo.html")) {
            if (in == null) {
                return "<!doctype html><title>daisi-ws</title><p>daisi-ws is running.".getBytes();
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
