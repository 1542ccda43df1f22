package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventHistory;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays through a short-lived consumer: created at {@code afterSeq + 1} on the filter, its
 * {@code num_pending} says at once how many events there are (so TooLarge costs no reading);
 * otherwise exactly that many are fetched in one pull, which is the stream as it was when the
 * replay started. The consumer is deleted afterwards; its inactive threshold removes it should
 * this pod die in between.
 */
public final class JetStreamHistory implements EventHistory {
    private static final Logger log = LoggerFactory.getLogger(JetStreamHistory.class);
    private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(10);

    private final NatsConnector connector;
    private final String stream;
    private final String prefix;

    public JetStreamHistory(NatsConnector connector, NatsConfig config) {
        this.connector = connector;
        this.stream = config.streamName();
        this.prefix = config.subjectPrefix();
    }

    @Override
    public CompletionStage<Replay> after(String filterSubject, long afterSeq, int maxEvents) {
        return connector.call(nats -> {
            if (afterSeq > 0 && firstStoredSeq(nats) > afterSeq + 1) {
                return new TooLarge(); // events after afterSeq have aged out: a replay would have a gap
            }
            ConsumerInfo consumer = nats.management().addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                    .filterSubject(filterSubject)
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(afterSeq + 1)
                    .ackPolicy(AckPolicy.None)
                    .inactiveThreshold(INACTIVE_THRESHOLD)
                    .memStorage(true)
                    .build());
            try {
                long pending = consumer.getNumPending();
                if (pending > maxEvents) {
                    return new TooLarge();
                }
                return new Events(pending == 0 ? List.of() : read(nats, consumer.getName(), (int) pending));
            } finally {
                delete(nats, consumer.getName());
            }
        });
    }

    private long firstStoredSeq(JetStreamHandles nats) throws IOException, JetStreamApiException {
        return nats.management().getStreamInfo(stream).getStreamState().getFirstSequence();
    }

    private List<Event> read(JetStreamHandles nats, String consumer, int count)
            throws IOException, JetStreamApiException {
        JetStreamSubscription subscription = nats.jetStream()
                .subscribe(null, PullSubscribeOptions.fastBind(stream, consumer));
        try {
            List<Event> events = new ArrayList<>(count);
            for (Message message : subscription.fetch(count, NatsConnector.REQUEST_TIMEOUT)) {
                if (StoredEvents.decode(prefix, message.getSubject(), message.metaData().streamSequence(),
                        message.getData(), message.getHeaders()) instanceof StoredEvents.Valid valid) {
                    events.add(valid.event());
                }
            }
            return events;
        } finally {
            subscription.unsubscribe();
        }
    }

    private void delete(JetStreamHandles nats, String consumer) {
        try {
            nats.management().deleteConsumer(stream, consumer);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("replay consumer {} not deleted ({}); its inactive threshold removes it", consumer, e.toString());
        }
    }
}
