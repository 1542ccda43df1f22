package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.AdaptiveTtlRules;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.renewal.AdaptiveTtl;
import io.daisi.ws.renewal.TtlMetrics;
import io.daisi.ws.store.memory.InMemoryActivityMarks;
import io.daisi.ws.testsupport.NoOpRouteRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RouteRenewalTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final Map<String, Duration> refreshed = new ConcurrentHashMap<>();
    private final RouteRegistry registry = new NoOpRouteRegistry() {
        @Override
        public CompletionStage<Void> refresh(Map<String, Duration> ttlByKey) {
            refreshed.putAll(ttlByKey);
            return CompletableFuture.completedFuture(null);
        }
    };

    @Test
    void everyHeldRouteIsRegisteredAgainWithTheTtlOfItsKind() {
        SubscriptionIndex index = new SubscriptionIndex(RouteListener.NONE, CLOCK);
        index.joinUser(event -> { }, "c", "a").selectChat("busy");
        index.joinUser(event -> { }, "c", "a").selectChat("idle");
        index.joinAdmin(event -> { }, new AdminScope(java.util.Optional.empty(), java.util.Optional.empty()));
        EventSubject busy = EventSubject.messages("c", "a", "busy");
        index.forEachMatching(busy, s -> s.deliver(new Event(busy, 1,
                "{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8), "e", "r", System.nanoTime())));
        InMemoryActivityMarks marks = new InMemoryActivityMarks(CLOCK);
        AdaptiveTtl chats = new AdaptiveTtl("chat_route", () -> new AdaptiveTtlRules(false, 1, 9999, 60, 3600, 1800),
                () -> Duration.ofSeconds(300), marks, CLOCK, TtlMetrics.NOOP);
        AdaptiveTtl messages = new AdaptiveTtl("message_route", () -> new AdaptiveTtlRules(true, 1, 9999, 60, 900, 120),
                () -> Duration.ofSeconds(300), marks, CLOCK, TtlMetrics.NOOP);
        new RouteRenewal(index, registry, chats, messages, () -> Duration.ofSeconds(300), CLOCK)
                .renew(false).toCompletableFuture().join();

        assertThat(refreshed).containsEntry(RouteKeys.chats("c", "a"), Duration.ofSeconds(300))
                .containsEntry(RouteKeys.messages("c", "a", "busy"), Duration.ofSeconds(900))
                .containsEntry(RouteKeys.messages("c", "a", "idle"), Duration.ofSeconds(120))
                .containsEntry(RouteKeys.ADMIN_AGENTS, Duration.ofSeconds(300))
                .hasSize(4);
    }
}
