package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.store.memory.InMemoryPodDirectory;
import io.daisi.ws.testsupport.NoOpRouteRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ClusterEventRouterTest {
    private static final EventSubject CHATS = EventSubject.chats("c", "a");
    private static final String ROUTE = RouteKeys.forSubject(CHATS);

    /** A route set shared by several pods, as Redis keeps it. */
    private final Map<String, Set<String>> routeSets = new ConcurrentHashMap<>();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    /** Every forward asked for, as "event -> pod", whatever its outcome. */
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final Set<String> failingPeers = ConcurrentHashMap.newKeySet();
    /** Peers whose forwards never answer. */
    private final Set<String> silentPeers = ConcurrentHashMap.newKeySet();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    /** While set, route reads answer only when it completes (and fail if it fails). */
    private volatile CompletableFuture<Void> readGate;

    private final RouteRegistry routes = new NoOpRouteRegistry() {
        @Override
        public CompletionStage<Set<String>> pods(String routeKey) {
            CompletableFuture<Void> gate = readGate;
            if (gate == null) {
                return CompletableFuture.completedFuture(Set.copyOf(routeSets.getOrDefault(routeKey, Set.of())));
            }
            // read when the gate opens, as Redis would answer a read still on its way
            return gate.thenApply(open -> Set.copyOf(routeSets.getOrDefault(routeKey, Set.of())));
        }

        @Override
        public CompletionStage<Void> removePod(String routeKey, String deadPodId) {
            routeSets.computeIfPresent(routeKey, (k, pods) -> {
                pods.remove(deadPodId);
                return pods;
            });
            return CompletableFuture.completedFuture(null);
        }
    };
    private final InMemoryPodDirectory directory = new InMemoryPodDirectory(Clock.systemUTC());
    private final PeerForwarder forwarder = (peer, event) -> {
        attempts.add(event.eventId() + " -> " + peer.podId());
        if (silentPeers.contains(peer.podId())) {
            return new CompletableFuture<>();
        }
        if (failingPeers.contains(peer.podId())) {
            return CompletableFuture.failedFuture(new IllegalStateException("peer down"));
        }
        forwarded.add(peer.podId() + "@" + peer.address());
        return CompletableFuture.completedFuture(null);
    };
    private final ClusterEventRouter router;

    ClusterEventRouterTest() {
        SubscriptionIndex index = new SubscriptionIndex(RouteListener.NONE, Clock.systemUTC());
        index.joinUser(event -> delivered.add(event.eventId()), "c", "a");
        router = new ClusterEventRouter("pod-a", new LocalDelivery(index), routes,
                new LivePeers(directory, Duration.ofSeconds(1), System::nanoTime), forwarder, RoutingMetrics.NONE);
    }

    private void beat(String pod, String address) {
        directory.beat(pod, address, Duration.ofSeconds(15));
    }

    private void route(String... pods) {
        routeSets.put(ROUTE, ConcurrentHashMap.newKeySet());
        routeSets.get(ROUTE).addAll(List.of(pods));
    }

    private static Event event(String id) {
        return new Event(CHATS, 7, ("{\"event_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), id, "r",
                System.nanoTime());
    }

    private CompletableFuture<Void> dispatch(String id) {
        return router.dispatch(event(id)).toCompletableFuture();
    }

    @Test
    void deliversLocallyAndForwardsToEveryOtherPodOfTheRoute() {
        route("pod-a", "pod-b", "pod-c");
        beat("pod-b", "10.0.0.2:50051");
        beat("pod-c", "10.0.0.3:50051");
        assertThat(dispatch("e1")).isCompleted();
        assertThat(delivered).containsExactly("e1");
        assertThat(forwarded).containsExactlyInAnyOrder("pod-b@10.0.0.2:50051", "pod-c@10.0.0.3:50051");
    }

    @Test
    void noOtherPodMeansNothingToForward() {
        route("pod-a");
        assertThat(dispatch("e1")).isCompleted();
        assertThat(forwarded).isEmpty();
        assertThat(delivered).containsExactly("e1");
    }

    @Test
    void aLivePeerThatCannotTakeTheEventFailsTheDispatchSoItIsRedelivered() {
        route("pod-a", "pod-b", "pod-c");
        beat("pod-b", "b:1");
        beat("pod-c", "c:1");
        failingPeers.add("pod-b");
        assertThat(dispatch("e1")).isCompletedExceptionally();
        assertThat(forwarded).containsExactly("pod-c@c:1");
        assertThat(routeSets.get(ROUTE)).contains("pod-b");
    }

    @Test
    void aPodWithoutHeartbeatIsSkippedAndRemovedFromTheRoute() {
        route("pod-a", "pod-dead", "pod-b");
        beat("pod-b", "b:1");
        assertThat(dispatch("e1")).isCompleted();
        assertThat(forwarded).containsExactly("pod-b@b:1");
        assertThat(routeSets.get(ROUTE)).containsExactlyInAnyOrder("pod-a", "pod-b");
    }

    @Test
    void aPeerWhoseForwardFailsAndWhoseHeartbeatIsGoneIsSkipped() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        assertThat(dispatch("e1")).isCompleted(); // pod-b now remembered as alive
        failingPeers.add("pod-b");
        directory.remove("pod-b");
        assertThat(dispatch("e2")).isCompleted();
        assertThat(routeSets.get(ROUTE)).containsExactly("pod-a");
    }

    @Test
    void aNewPodIsNeverSkippedBecauseOfAnEarlierLookup() {
        route("pod-a", "pod-new");
        assertThat(dispatch("e1")).isCompleted(); // pod-new had no heartbeat yet: skipped
        route("pod-a", "pod-new");
        beat("pod-new", "n:1");
        assertThat(dispatch("e2")).isCompleted();
        assertThat(forwarded).containsExactly("pod-new@n:1");
    }

    @Test
    void anEventLeavesForThePodsOfItsRoutesLastReadWithoutWaitingForItsOwnRead() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        assertThat(dispatch("e1")).isCompleted();
        readGate = new CompletableFuture<>();
        CompletableFuture<Void> second = dispatch("e2");
        assertThat(attempts).containsExactly("e1 -> pod-b", "e2 -> pod-b");
        assertThat(second).as("acked only once the fresh read confirmed who must have it").isNotDone();
        readGate.complete(null);
        assertThat(second).isCompleted();
        assertThat(attempts).as("the forward sent early is the one the read asks for: no second copy")
                .containsExactly("e1 -> pod-b", "e2 -> pod-b");
    }

    @Test
    void theFirstEventOfARouteWaitsForTheRead() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        readGate = new CompletableFuture<>();
        CompletableFuture<Void> first = dispatch("e1");
        assertThat(attempts).isEmpty();
        assertThat(delivered).as("local delivery never waits").containsExactly("e1");
        readGate.complete(null);
        assertThat(first).isCompleted();
        assertThat(attempts).containsExactly("e1 -> pod-b");
    }

    @Test
    void aPodThatJoinedTheRouteSinceItsLastReadGetsTheEventOnceTheReadAnswers() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        beat("pod-c", "c:1");
        assertThat(dispatch("e1")).isCompleted();
        readGate = new CompletableFuture<>();
        CompletableFuture<Void> second = dispatch("e2");
        route("pod-a", "pod-b", "pod-c"); // a socket on pod-c registered before the read reached the store
        assertThat(attempts).containsExactly("e1 -> pod-b", "e2 -> pod-b");
        readGate.complete(null);
        assertThat(second).isCompleted();
        assertThat(attempts).containsExactly("e1 -> pod-b", "e2 -> pod-b", "e2 -> pod-c");
    }

    @Test
    void aPodThatLeftTheRouteSinceItsLastReadIsNotWaitedFor() {
        route("pod-a", "pod-b", "pod-c");
        beat("pod-b", "b:1");
        beat("pod-c", "c:1");
        assertThat(dispatch("e1")).isCompleted();
        route("pod-a", "pod-b");
        silentPeers.add("pod-c");
        assertThat(dispatch("e2")).as("pod-c's forward never answers, and pod-c no longer needs the event")
                .isCompleted();
        assertThat(attempts).contains("e2 -> pod-c");
    }

    @Test
    void anEarlyForwardThatFailsFailsTheEventWhenTheReadStillHasThePod() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        assertThat(dispatch("e1")).isCompleted();
        failingPeers.add("pod-b");
        assertThat(dispatch("e2")).isCompletedExceptionally();
        assertThat(attempts).containsExactly("e1 -> pod-b", "e2 -> pod-b");
    }

    @Test
    void anEarlyForwardDoesNotAckAnEventWhoseRouteCouldNotBeRead() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        assertThat(dispatch("e1")).isCompleted();
        readGate = CompletableFuture.failedFuture(new IllegalStateException("store down"));
        CompletableFuture<Void> second = dispatch("e2");
        assertThat(attempts).containsExactly("e1 -> pod-b", "e2 -> pod-b");
        assertThat(second).isCompletedExceptionally();
        assertThat(second.handle((ok, failure) -> failure.getCause())).isCompletedWithValueMatching(
                cause -> cause instanceof RoutesUncertainException);
    }

    @Test
    void aPeerWhoseHeartbeatIsNotRememberedGetsNoEarlyForward() {
        route("pod-a", "pod-b");
        beat("pod-b", "b:1");
        ClusterEventRouter forgetful = new ClusterEventRouter("pod-a", new LocalDelivery(new SubscriptionIndex(
                RouteListener.NONE, Clock.systemUTC())), routes, new LivePeers(directory, Duration.ZERO,
                System::nanoTime), forwarder, RoutingMetrics.NONE);
        assertThat(forgetful.dispatch(event("e1")).toCompletableFuture()).isCompleted();
        readGate = new CompletableFuture<>();
        CompletableFuture<Void> second = forgetful.dispatch(event("e2")).toCompletableFuture();
        assertThat(attempts).as("no address without a read: the event waits for the reads").containsExactly(
                "e1 -> pod-b");
        readGate.complete(null);
        assertThat(second).isCompleted();
        assertThat(attempts).containsExactly("e1 -> pod-b", "e2 -> pod-b");
    }
}
