package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.config.RedisConfig;
import io.daisi.ws.store.redis.RedisConnector;
import io.daisi.ws.store.redis.RedisRouteRegistry;
import io.daisi.ws.testsupport.NoOpRouteRegistry;
import io.daisi.ws.testsupport.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Coalesced route reads against a real Redis: fewer lookups, and never one older than the event. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteLookupsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String K1 = RouteKeys.chats("c1", "a1");
    private static final String K2 = RouteKeys.messages("c1", "a1", "X");

    private RedisServer redis;
    private RedisConnector connector;
    private RedisRouteRegistry podA;
    private RedisRouteRegistry podB;
    /** Every lookup podA's reads went out as: its keys, and a gate holding its answer back. */
    private final List<Collection<String>> lookups = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> gates = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startRedis() {
        redis = RedisServer.launch();
        connector = RedisConnector.start(new RedisConfig(redis.address(), "", "", 0, false, false, 2, 2));
        await().atMost(WAIT).until(connector::isConnected);
        podA = new RedisRouteRegistry(connector, "pod-a", () -> Duration.ofSeconds(300));
        podB = new RedisRouteRegistry(connector, "pod-b", () -> Duration.ofSeconds(300));
    }

    @AfterAll
    void stopRedis() {
        connector.close();
        redis.close();
    }

    @BeforeEach
    void empty() {
        redis.command("FLUSHALL");
        lookups.clear();
        gates.clear();
    }

    /** podA's registry, whose lookups really read Redis at once but answer only when the test opens their gate. */
    private final RouteRegistry gated = new NoOpRouteRegistry() {
        @Override
        public CompletionStage<Map<String, Set<String>>> pods(Collection<String> routeKeys) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            lookups.add(List.copyOf(routeKeys));
            gates.add(gate);
            return podA.pods(routeKeys).thenCombine(gate, (found, open) -> found);
        }
    };

    private static <T> T done(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @Test
    void aReadAskedForAfterARegistrationSeesItEvenWhileAnOlderLookupIsInFlight() {
        RouteLookups reads = new RouteLookups(gated);
        CompletionStage<Set<String>> before = reads.pods(K1);
        await().atMost(WAIT).until(() -> lookups.size() == 1);
        // the first lookup has read Redis (empty) but not answered yet; now a socket registers on pod B
        done(podB.register(K1));

        CompletionStage<Set<String>> after = reads.pods(K1);
        gates.getFirst().complete(null);

        assertThat(done(before)).as("read before the registration").isEmpty();
        await().atMost(WAIT).until(() -> gates.size() == 2);
        gates.get(1).complete(null);
        assertThat(done(after)).as("asked for after the registration: never served by the older lookup")
                .containsExactly("pod-b");
    }

    @Test
    void readsAskedForWhileALookupIsInFlightLeaveTogetherAsOneLookupOfTheirDistinctKeys() {
        done(podB.register(K1));
        done(podA.register(K2));
        RouteLookups reads = new RouteLookups(gated);
        CompletionStage<Set<String>> first = reads.pods(K1);
        List<CompletionStage<Set<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(reads.pods(i % 2 == 0 ? K1 : K2));
        }
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> lookups.size() == 1);

        gates.getFirst().complete(null);
        await().atMost(WAIT).until(() -> lookups.size() == 2);
        gates.get(1).complete(null);

        assertThat(done(first)).containsExactly("pod-b");
        for (int i = 0; i < burst.size(); i++) {
            assertThat(done(burst.get(i))).isEqualTo(i % 2 == 0 ? Set.of("pod-b") : Set.of("pod-a"));
        }
        assertThat(lookups.get(1)).containsExactlyInAnyOrder(K1, K2);
        // and the lookup after an idle moment goes out at once
        CompletionStage<Set<String>> later = reads.pods("route:none");
        await().atMost(WAIT).until(() -> lookups.size() == 3);
        gates.get(2).complete(null);
        assertThat(done(later)).isEmpty();
    }

    @Test
    void theRedisAdapterReadsManyKeysInOnePipelineAndAnsweringEmptyForUnknownKeys() {
        done(podB.register(K1));
        assertThat(done(podA.pods(List.of(K1, K2)))).isEqualTo(Map.of(K1, Set.of("pod-b"), K2, Set.of()));
    }
}
