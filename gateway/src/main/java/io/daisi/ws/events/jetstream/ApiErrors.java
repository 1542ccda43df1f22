package io.daisi.ws.events.jetstream;

import io.nats.client.JetStreamApiException;

/** The JetStream API error codes the adapter reacts to (nats-server's errors.json). */
final class ApiErrors {
    static final int CONSUMER_NOT_FOUND = 10014;
    static final int NO_MESSAGE_FOUND = 10037;
    static final int STREAM_NAME_IN_USE = 10058;
    static final int STREAM_NOT_FOUND = 10059;

    private ApiErrors() {
    }

    static boolean is(Throwable failure, int apiErrorCode) {
        return NatsConnector.unwrap(failure) instanceof JetStreamApiException e && e.getApiErrorCode() == apiErrorCode;
    }

    /** "No message": the message API says 10037; a direct get answers a bare 404 status. */
    static boolean isNoMessage(Throwable failure) {
        return NatsConnector.unwrap(failure) instanceof JetStreamApiException e
                && (e.getApiErrorCode() == NO_MESSAGE_FOUND || e.getApiErrorCode() <= 0 && e.getErrorCode() == 404);
    }
}
