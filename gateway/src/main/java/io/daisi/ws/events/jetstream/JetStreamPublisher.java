package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.events.EventPublisher;
import io.daisi.ws.events.EventSubject;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Publishes an event into the stream (POST /dev/events in NATS mode) with its request id in
 * the {@code X-Request-ID} header; completes with the stream sequence JetStream assigned, or
 * fails with {@link NatsUnavailableException}.
 */
public final class JetStreamPublisher implements EventPublisher {
    private final NatsConnector connector;
    private final String prefix;
    private final PublishOptions options;

    public JetStreamPublisher(NatsConnector connector, NatsConfig config) {
        this.connector = connector;
        this.prefix = config.subjectPrefix();
        this.options = PublishOptions.builder().expectedStream(config.streamName()).build();
    }

    @Override
    public CompletionStage<Long> publish(EventSubject subject, byte[] eventJson, String requestId) {
        CompletableFuture<PublishAck> ack;
        try {
            Headers headers = new Headers().put(StoredEvents.REQUEST_ID_HEADER, requestId);
            ack = connector.requireConnected().jetStream()
                    .publishAsync(subject.render(prefix), headers, eventJson, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return ack.orTimeout(NatsConnector.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((published, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new NatsUnavailableException(
                                "JetStream did not store the event: " + NatsConnector.unwrap(failure), failure));
                    }
                    return published.getSeqno();
                });
    }
}
