package io.daisi.ws.transport;

import io.daisi.ws.auth.Authenticator;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.events.EventPublisher;
import io.daisi.ws.events.EventStream;
import io.daisi.ws.events.StreamFloor;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.observability.DependencyCheck;
import io.daisi.ws.routing.SubscriptionIndex;
import io.daisi.ws.session.LocalSessions;
import io.daisi.ws.session.SessionAdmission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    private final PositionTicker ticker;
    private final StreamFloor floor;
    private final HttpServer server = new HttpServer();
    private final HttpRouter router;
    private int port;

    public GatewayServer(LiveConfig config, Authenticator authenticator, TokenIssuer issuer, SessionAdmission admission,
                         LocalSessions sessions, SubscriptionIndex index, LastMessageStore lastMessages,
                         EventStream stream, Optional<EventPublisher> devPublisher,
                         List<DependencyCheck> checks, TransportMetrics metrics, MetricsExposition exposition,
                         Clock clock) {
        this.config = config;
        this.supervisor = new ConnectionSupervisor(registry);
        this.ticker = new PositionTicker(stream.floor(), registry,
                () -> Duration.ofSeconds(config.current().app().podHeartbeatTtlSeconds()).dividedBy(2), System::nanoTime);
        this.floor = stream.floor();
        metrics.sendQueues(registry::queuedMessages, registry::queueCapacity);
        WebSocketEndpoint sockets = new WebSocketEndpoint(config, authenticator, admission, sessions, index,
                lastMessages, stream, registry, metrics, clock);
        this.router = new HttpRouter(new ReadinessEndpoint(checks, registry::isDraining), exposition, new TokenEndpoints(config, issuer),
                devPublisher.map(publisher -> new DevEventsEndpoint(config, publisher)),
                devPublisher.map(publisher -> demoPage()), sockets);
    }

    /** Binds the HTTP port (0 = any free port) and returns the port bound. */
    public int start() throws InterruptedException {
        // HTTPS and wss:// only when server.tls_cert_file/tls_key_file are set (SPEC §3)
        port = server.start(config.current().server().bindAddress(), config.current().server().httpPort(),
                HttpsContext.from(config.current().server()), () -> config.current().app(), () -> router);
        supervisor.start();
        ticker.start();
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

    /**
     * The process was paused long enough for peers to skip this pod: every socket reads what it
     * may have missed from the history, from its position before the pause.
     */
    public void catchUpAfterPause() {
        registry.all().forEach(ClientConnection::catchUpFromPosition);
    }

    /**
     * Paced drain (SPEC §11): {@code /ready} answers 503 and new sockets are refused at once;
     * every socket gets its last {@code position} and 1001, spread evenly over {@code spread}
     * (zero: all at once) and receiving events until its turn, so that its clients do not all
     * reconnect elsewhere in the same instant. Waits until they are closed or {@code timeout}
     * has passed since the start, then drops what is left.
     */
    public void closeAllSockets(Duration spread, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        registry.startDraining();
        List<ClientConnection> sockets = List.copyOf(registry.all());
        List<ClientConnection> established = sockets.stream().filter(ClientConnection::isUpgraded).toList();
        sockets.stream().filter(c -> !c.isUpgraded()).forEach(c -> c.channel().close());
        refreshFloor();
        long spreadNanos = Math.min(spread.toNanos(), timeout.toNanos() / 2);
        if (spreadNanos <= 0 || established.size() <= 1) {
            established.forEach(c -> c.goAway(floor.lastRead()));
        } else {
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "drain-pacer");
                t.setDaemon(true);
                return t;
            });
            try {
                long step = spreadNanos / established.size();
                for (int i = 0; i < established.size(); i++) {
                    ClientConnection socket = established.get(i);
                    pacer.schedule(() -> socket.goAway(floor.lastRead()), i * step, TimeUnit.NANOSECONDS);
                }
            } finally {
                pacer.shutdown(); // runs what is scheduled, then ends
            }
        }
        List<CompletableFuture<Void>> closing = sockets.stream()
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
        }
        // dropped too: sockets admitted while the drain began, which it did not list
        registry.all().forEach(c -> c.channel().close());
    }

    /** A fresh floor for the last positions (the ticker's may be a second old); the last one read if it fails. */
    private void refreshFloor() {
        try {
            floor.read().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("stream floor not read before the drain: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.close();
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
