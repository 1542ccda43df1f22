package io.daisi.ws.events.jetstream;

import java.time.Duration;
import java.util.Optional;

/**
 * How long JetStream should wait before redelivering an event whose delivery failed:
 * {@code first}, doubling with each attempt, at most {@code max}. With the defaults and
 * {@code max_deliver} 5 an event is retried over about 15 s — as long as a crashed peer's
 * heartbeat lives, after which it is skipped and delivery succeeds.
 *
 * <p>A failure that says when a retry can first succeed ({@link io.daisi.ws.events.RetryAfter},
 * e.g. a peer's open circuit breaker) is redelivered then instead, but never later than
 * {@code hintCap} (the pod heartbeat TTL): by then a peer that is really dead has lost its
 * heartbeat and is skipped. docs/OPERATIONS.md "Peer outages" has the arithmetic.
 */
record NakBackoff(Duration first, Duration max) {
    static final Duration HINT_MARGIN = Duration.ofMillis(500);
    static final NakBackoff DEFAULT = new NakBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    NakBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max");
        }
    }

    /**
     * The delay after delivery attempt {@code deliveredCount} failed with a failure that may carry
     * a retry-after hint: the hint (plus a small margin, so the retry lands after the breaker's
     * open time, not on its edge) clamped to {@code [first, hintCap]}; without a hint, the backoff.
     */
    Duration delayFor(long deliveredCount, Optional<Duration> retryAfter, Duration hintCap) {
        if (retryAfter.isEmpty()) {
            return delayFor(deliveredCount);
        }
        Duration wanted = retryAfter.get().plus(HINT_MARGIN);
        if (wanted.compareTo(hintCap) > 0) {
            wanted = hintCap;
        }
        return wanted.compareTo(first) < 0 ? first : wanted;
    }

    /** The delay after delivery attempt {@code deliveredCount} (1 for the first) failed. */
    Duration delayFor(long deliveredCount) {
        long millis = first.toMillis();
        for (long attempt = 1; attempt < deliveredCount && millis < max.toMillis(); attempt++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
