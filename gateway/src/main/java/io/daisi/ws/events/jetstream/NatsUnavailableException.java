package io.daisi.ws.events.jetstream;

/**
 * NATS cannot be reached, JetStream did not answer in time, or the stream is missing:
 * an outage, not a defect, so callers may retry later.
 */
public final class NatsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NatsUnavailableException(String message) {
        super(message);
    }

    public NatsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
