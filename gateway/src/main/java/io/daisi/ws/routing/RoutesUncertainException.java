package io.daisi.ws.routing;

import io.daisi.ws.events.RetryAfter;
import java.time.Duration;

/**
 * An event's routes could not be read, or may be incomplete (the store just came back), so it
 * may not have reached every pod it should: it must be redelivered, no earlier than
 * {@link #retryAfter()}.
 */
public final class RoutesUncertainException extends RuntimeException implements RetryAfter {
    private final Duration retryAfter;

    RoutesUncertainException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
