package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.GatewayConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of docs/OPERATIONS.md "Peer outages: NAK, breaker and max_deliver", checked on
 * the shipped defaults: one event's delivery attempts are played against a peer whose circuit
 * breaker opened at time 0, with the NAK delays the consumer would choose. Time is a number
 * here, not the wall clock.
 */
class PeerOutageScheduleTest {
    private static final GatewayConfig DEFAULTS = JetStreamTesting.config(Map.of());
    private static final ConsumerSettings SETTINGS = ConsumerSettings.of(DEFAULTS.nats(), DEFAULTS.app(), "pod-a");
    private static final long OPEN = Duration.ofSeconds(DEFAULTS.app().grpcCircuitbreakerOpenDurationSeconds()).toMillis();
    private static final long PROBE = Duration.ofSeconds(DEFAULTS.app().grpcClientForwardTimeoutSeconds()).toMillis();
    private static final long TTL = Duration.ofSeconds(DEFAULTS.app().podHeartbeatTtlSeconds()).toMillis();
    private static final long STEP = 100;

    /** What became of the event: settled (acked) at {@code atMillis}, or terminated after max_deliver. */
    private record Outcome(boolean settled, long atMillis, int attempts) {
    }

    private interface Peer {
        /** Empty: the forward succeeded or the peer was skipped as dead. Else the failure's retry-after hint. */
        Optional<Optional<Duration>> attempt(long atMillis);
    }

    /**
     * A live peer that was unreachable until {@code upAtMillis}; its breaker opened at 0 and, once
     * the open time is over, lets one probe through that may take the whole forward timeout
     * (worst case: every other attempt meanwhile is refused with the probe's bound as hint).
     */
    private static Peer liveButUnreachableUntil(long upAtMillis) {
        return new Peer() {
            private long openedAt = 0;

            @Override
            public Optional<Optional<Duration>> attempt(long t) {
                while (t >= openedAt + OPEN + PROBE && upAtMillis > openedAt + OPEN) {
                    openedAt += OPEN + PROBE; // the probe failed: open again
                }
                if (t < openedAt + OPEN) {
                    return Optional.of(Optional.of(Duration.ofMillis(openedAt + OPEN - t)));
                }
                if (t < openedAt + OPEN + PROBE) {
                    return Optional.of(Optional.of(Duration.ofMillis(PROBE)));
                }
                return Optional.empty();
            }
        };
    }

    /** A peer that died at 0: breaker open, heartbeat gone at {@code heartbeatGoneAt}, then skipped. */
    private static Peer deadWithHeartbeatUntil(long heartbeatGoneAt) {
        Peer breaker = liveButUnreachableUntil(Long.MAX_VALUE);
        return t -> t >= heartbeatGoneAt ? Optional.empty() : breaker.attempt(t);
    }

    private static Outcome deliver(long firstAttemptAt, Peer peer, boolean useHints) {
        long t = firstAttemptAt;
        for (int attempt = 1; ; attempt++) {
            Optional<Optional<Duration>> failure = peer.attempt(t);
            if (failure.isEmpty()) {
                return new Outcome(true, t, attempt);
            }
            if (attempt >= SETTINGS.maxDeliver()) {
                return new Outcome(false, t, attempt);
            }
            Duration delay = useHints
                    ? SETTINGS.backoff().delayFor(attempt, failure.get(), SETTINGS.retryAfterCap())
                    : SETTINGS.backoff().delayFor(attempt);
            t += delay.toMillis();
        }
    }

    @Test
    void theDefaultsAreTheOnesTheArithmeticIsWrittenFor() {
        assertThat(SETTINGS.maxDeliver()).isEqualTo(5);
        assertThat(OPEN).isEqualTo(30_000);
        assertThat(TTL).isEqualTo(15_000);
        assertThat(SETTINGS.retryAfterCap()).isEqualTo(Duration.ofMillis(TTL));
    }

    @Test
    void aLivePeerBackWhenItsBreakerLetsTheFirstProbeThroughLosesNothing() {
        Peer peer = liveButUnreachableUntil(OPEN);
        for (long first = 0; first < OPEN + PROBE; first += STEP) {
            Outcome outcome = deliver(first, peer, true);
            assertThat(outcome.settled()).as("event first tried at %d ms: %s", first, outcome).isTrue();
            assertThat(outcome.attempts()).isLessThanOrEqualTo(SETTINGS.maxDeliver() - 1);
        }
    }

    @Test
    void withoutTheBreakersHintTheSameOutageLosesEvents() {
        Peer peer = liveButUnreachableUntil(OPEN);
        long lost = 0;
        for (long first = 0; first < OPEN; first += STEP) {
            if (!deliver(first, peer, false).settled()) {
                lost++;
            }
        }
        assertThat(lost).as("the 1+2+4+8 s backoff alone spans 15 s < the 30 s open time").isPositive();
    }

    @Test
    void aDeadPeerHoldsAnEventAtMostOneCapAfterItsHeartbeatIsGone() {
        Peer peer = deadWithHeartbeatUntil(TTL);
        for (long first = 0; first < 2 * TTL; first += STEP) {
            Outcome outcome = deliver(first, peer, true);
            assertThat(outcome.settled()).as("event first tried at %d ms: %s", first, outcome).isTrue();
            assertThat(outcome.atMillis()).isLessThanOrEqualTo(Math.max(first, TTL + SETTINGS.retryAfterCap().toMillis()));
        }
        assertThat(deliver(TTL, peer, true).atMillis()).as("events after the heartbeat is gone are not held")
                .isEqualTo(TTL);
    }
}
