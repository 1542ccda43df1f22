package io.daisi.ws.events;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A dispatch failure that knows when a redelivery can first succeed — e.g. a peer whose circuit
 * breaker is open refuses every call until the breaker lets a probe through. An event source
 * redelivers no earlier than that, so the redelivery does not burn one of the event's
 * {@code nats.max_deliver} attempts on a call that cannot be made (JetStream counts every
 * delivery, a NAK cannot give an attempt back).
 */
public interface RetryAfter {
    /** How long from now a retry is pointless; zero when it may succeed at once. */
    Duration retryAfter();

    /**
     * The hint carried by {@code failure} or one of its causes, if any; a zero hint (a retry may
     * succeed at once) is no hint: the usual backoff applies.
     */
    static Optional<Duration> of(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, Throwable::getCause)
                .limit(16)
                .filter(RetryAfter.class::isInstance)
                .map(t -> ((RetryAfter) t).retryAfter())
                .findFirst()
                .filter(Duration::isPositive);
    }
}
