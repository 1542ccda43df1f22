package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.events.RetryAfter;
import io.daisi.ws.store.memory.InMemoryPodDirectory;
import io.daisi.ws.testsupport.ManualClock;
import io.daisi.ws.testsupport.NoOpRouteRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A store outage and the moments after the store came back (possibly empty), on an injected clock. */
class RouteSettlingTest {
    private static final EventSubject CHATS = EventSubject.chats("c", "a");
    private static final String ROUTE = RouteKeys.forSubject(CHATS);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration STORE_DOWN_RETRY = Duration.ofSeconds(15);

    private final ManualClock clock = new ManualClock();
    private final RouteSettling settling = new RouteSettling(clock, () -> WINDOW, () -> STORE_DOWN_RETRY);
    private final Set<String> routeSet = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final InMemoryPodDirectory directory = new InMemoryPodDirectory(clock);
    private final ClusterEventRouter router;

    RouteSettlingTest() {
        RouteRegistry routes = new NoOpRouteRegistry() {
            @Override
            public CompletionStage<Set<String>> pods(String routeKey) {
                return storeDown.get() ? CompletableFuture.failedFuture(new IllegalStateException("store down"))
                        : CompletableFuture.completedFuture(Set.copyOf(routeSet));
            }

            @Override
            public CompletionStage<Void> removePod(String routeKey, String deadPodId) {
                routeSet.remove(deadPodId);
                return CompletableFuture.completedFuture(null);
            }
        };
        SubscriptionIndex index = new SubscriptionIndex(RouteListener.NONE, clock);
        router = new ClusterEventRouter("pod-a", new LocalDelivery(index), routes,
                new LivePeers(directory, Duration.ofMillis(1), System::nanoTime), (peer, event) -> {
                    forwarded.add(peer.podId());
                    return CompletableFuture.completedFuture(null);
                }, RoutingMetrics.NONE, settling);
    }

    private Throwable failureOf(String id) {
        CompletableFuture<Void> done = router.dispatch(new Event(CHATS, 1,
                ("{\"event_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), id, "r", System.nanoTime()))
                .toCompletableFuture();
        assertThat(done).isDone();
        return done.handle((ok, failure) -> failure).join();
    }

    @Test
    void routesThatCannotBeReadAskForARetryAfterTheStoreDownDelay() {
        storeDown.set(true);
        assertThat(RetryAfter.of(failureOf("e1"))).contains(STORE_DOWN_RETRY);
    }

    @Test
    void rightAfterAReconnectEventsAreForwardedButNotAckedAndPodsWithoutHeartbeatAreKept() {
        routeSet.addAll(List.of("pod-a", "pod-b", "pod-c"));
        directory.beat("pod-b", "b:1", Duration.ofSeconds(15)); // pod-c has not beaten again yet
        settling.storeReconnected();
        clock.advance(Duration.ofSeconds(2));

        Throwable failure = failureOf("e1");
        assertThat(forwarded).containsExactly("pod-b");
        assertThat(RetryAfter.of(failure)).contains(Duration.ofSeconds(3));
        assertThat(routeSet).as("pod-c is not taken for dead yet").contains("pod-c");

        clock.advance(Duration.ofSeconds(3));
        assertThat(failureOf("e2")).as("window over: acked").isNull();
        assertThat(routeSet).as("now a pod without heartbeat is dead").doesNotContain("pod-c");
    }

    @Test
    void withoutAReconnectNothingIsHeldBack() {
        routeSet.addAll(List.of("pod-a"));
        assertThat(settling.remaining()).isEmpty();
        assertThat(failureOf("e1")).isNull();
    }
}
