package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.cluster.PeerUnavailableException.Reason;
import io.daisi.ws.config.AppConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.observability.Metrics;
import io.daisi.ws.routing.Peer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;

/**
 * What the forwarder's integration tests share: pod A's {@link GrpcPeerForwarder} with its live
 * config, what the pod B they start received, each side's metrics, and everything to close after
 * each test (in reverse order).
 */
abstract class ForwarderFixture {
    static final EventSubject SUBJECT = EventSubject.messages("c1", "a1", "chat-1");

    final Metrics metricsA = new Metrics();
    final Metrics metricsB = new Metrics();
    final List<Event> receivedByB = new CopyOnWriteArrayList<>();
    final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    final AtomicReference<AppConfig> app = new AtomicReference<>();
    GrpcPeerForwarder forwarder;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    /** Pod B's dispatcher: records each event in {@link #receivedByB}, then answers as {@code answers} does. */
    EventDispatcher recording(EventDispatcher answers) {
        return event -> {
            receivedByB.add(event);
            return answers.dispatch(event);
        };
    }

    /** Pod A's forwarder, on {@link #appConfig} with {@code appKeys} over it (changeable later through {@link #app}). */
    void startForwarder(Map<String, String> appKeys) {
        app.set(appConfig(appKeys));
        forwarder = new GrpcPeerForwarder("pod-a", app::get, metricsA.grpc());
        toClose.add(forwarder);
    }

    /** The forwarder's config for these tests: a 2 s forward timeout and a breaker of 5, with {@code appKeys} over them. */
    static AppConfig appConfig(Map<String, String> appKeys) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "grpc_client_forward_timeout_seconds", "2",
                "grpc_circuitbreaker_fail_threshold", "5",
                "grpc_circuitbreaker_open_duration_seconds", "30"));
        keys.putAll(appKeys);
        return ClusterConfigs.app(keys);
    }

    /** Forwards {@code event} to {@code peer}; fails the test unless it succeeds within ten seconds. */
    void forwarded(Peer peer, Event event) {
        assertThat(forwarder.forward(peer, event).toCompletableFuture()).succeedsWithin(Duration.ofSeconds(10));
    }

    /** Why a forward failed; fails the test if it succeeds or does not end within ten seconds. */
    static Reason reason(CompletableFuture<Void> forward) {
        assertThat(forward).failsWithin(Duration.ofSeconds(10));
        try {
            forward.join();
            throw new AssertionError("forward succeeded");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(PeerUnavailableException.class);
            return ((PeerUnavailableException) e.getCause()).reason();
        }
    }
}
