package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.config.AppConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeerBreakersTest {
    private static final String PEER = "10.0.0.7:50051";
    private static final RuntimeException BOOM = new RuntimeException("unavailable");

    private final AtomicReference<AppConfig> config = new AtomicReference<>(ClusterConfigs.app(Map.of(
            "grpc_circuitbreaker_fail_threshold", "3", "grpc_circuitbreaker_open_duration_seconds", "1")));
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final PeerBreakers breakers = new PeerBreakers(config::get, opened::add);

    @Test
    void opensOnlyAfterThresholdConsecutiveFailures() {
        CircuitBreaker breaker = breakers.forAddress(PEER);
        fail(breaker, 2);
        succeed(breaker);
        fail(breaker, 2);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        fail(breaker, 1);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(opened).containsExactly(PEER);
    }

    @Test
    void afterTheOpenDurationOneProbeDecides() {
        CircuitBreaker breaker = breakers.forAddress(PEER);
        fail(breaker, 3);

        await().atMost(Duration.ofSeconds(3)).until(breaker::tryAcquirePermission);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("only one probe at a time").isFalse();
        breaker.onError(1, TimeUnit.MILLISECONDS, BOOM);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(opened).containsExactly(PEER, PEER);

        await().atMost(Duration.ofSeconds(3)).until(breaker::tryAcquirePermission);
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void eachPeerHasItsOwnBreaker() {
        fail(breakers.forAddress(PEER), 3);

        assertThat(breakers.forAddress("10.0.0.8:50051").tryAcquirePermission()).isTrue();
        assertThat(breakers.forAddress(PEER).tryAcquirePermission()).isFalse();
    }

    @Test
    void changedSettingsGiveAFreshBreakerWithThem() {
        fail(breakers.forAddress(PEER), 3);

        config.set(ClusterConfigs.app(Map.of("grpc_circuitbreaker_fail_threshold", "1")));
        CircuitBreaker fresh = breakers.forAddress(PEER);

        assertThat(fresh.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(fresh, 1);
        assertThat(fresh.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void breakersOfPeersNotCalledForTheIdleTimeAreForgotten() {
        breakers.forAddress(PEER);

        breakers.forgetIdle(Duration.ofHours(1));
        assertThat(breakers.size()).isEqualTo(1);
        breakers.forgetIdle(Duration.ZERO);
        assertThat(breakers.size()).isZero();
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(1, TimeUnit.MILLISECONDS, BOOM);
        }
    }

    private static void succeed(CircuitBreaker breaker) {
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
    }
}
