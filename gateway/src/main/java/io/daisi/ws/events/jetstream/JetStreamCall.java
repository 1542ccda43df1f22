package io.daisi.ws.events.jetstream;

import io.nats.client.JetStreamApiException;
import java.io.IOException;

/** A blocking JetStream request, run by {@link NatsConnector#call} off the caller's thread. */
@FunctionalInterface
interface JetStreamCall<T> {
    T call(JetStreamHandles nats) throws IOException, JetStreamApiException, InterruptedException;
}
