package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.testsupport.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long an open breaker still refuses calls, on an injected clock (the breaker's own clock too). */
class PeerBreakersRetryAfterTest {
    private static final String PEER = "10.0.0.7:50051";
    private static final Duration PROBE = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final AppConfig app = ClusterConfigs.app(Map.of("grpc_circuitbreaker_fail_threshold", "3",
            "grpc_circuitbreaker_open_duration_seconds", "30"));
    private final PeerBreakers breakers = new PeerBreakers(() -> app, address -> { }, clock);

    @Test
    void aClosedOrUnknownBreakerAsksForNoWait() {
        assertThat(breakers.retryAfter(PEER, PROBE)).isZero();
        breakers.forAddress(PEER);
        assertThat(breakers.retryAfter(PEER, PROBE)).isZero();
    }

    @Test
    void anOpenBreakerAsksForTheRestOfItsOpenTimeThenForOneProbe() {
        CircuitBreaker breaker = breakers.forAddress(PEER);
        fail(breaker, 3);
        assertThat(breakers.retryAfter(PEER, PROBE)).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(12));
        assertThat(breakers.retryAfter(PEER, PROBE)).isEqualTo(Duration.ofSeconds(18));
        assertThat(breaker.tryAcquirePermission()).as("the breaker runs on the same clock").isFalse();

        clock.advance(Duration.ofSeconds(18).plusMillis(1));
        assertThat(breakers.retryAfter(PEER, PROBE)).as("open time over: a probe decides").isEqualTo(PROBE);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breakers.retryAfter(PEER, PROBE)).as("probe in flight").isEqualTo(PROBE);

        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        assertThat(breakers.retryAfter(PEER, PROBE)).isZero();
    }

    @Test
    void aFailedProbeStartsAFullOpenTimeAgain() {
        CircuitBreaker breaker = breakers.forAddress(PEER);
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onError(1, TimeUnit.MILLISECONDS, new RuntimeException("still down"));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breakers.retryAfter(PEER, PROBE)).isEqualTo(Duration.ofSeconds(30));
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(1, TimeUnit.MILLISECONDS, new RuntimeException("unavailable"));
        }
    }
}
