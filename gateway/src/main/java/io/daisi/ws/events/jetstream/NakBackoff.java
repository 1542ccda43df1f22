package io.daisi.ws.events.jetstream;

import java.time.Duration;

/**
 * How long JetStream should wait before redelivering an event whose delivery failed:
 * {@code first}, doubling with each attempt, at most {@code max}. With the defaults and
 * {@code max_deliver} 5 an event is retried over about 15 s — as long as a crashed peer's
 * heartbeat lives, after which it is skipped and delivery succeeds.
 */
record NakBackoff(Duration first, Duration max) {
    static final NakBackoff DEFAULT = new NakBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    NakBackoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max");
        }
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
