package io.daisi.ws.events;

import java.util.concurrent.CompletionStage;

/** Publishes a test event (POST /dev/events); completes with the stream sequence assigned. */
@FunctionalInterface
public interface EventPublisher {
    CompletionStage<Long> publish(EventSubject subject, byte[] eventJson, String requestId);
}
