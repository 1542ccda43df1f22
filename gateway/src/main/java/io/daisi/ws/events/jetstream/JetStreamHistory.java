package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a page through one short-lived consumer per filter (NATS 2.9 has no multi-filter
 * consumers): created at {@code afterSeq + 1}, its {@code num_pending} says at once how many
 * events there are, then at most {@code limit} are fetched in one pull and the consumer is
 * deleted (its inactive threshold removes it should this pod die in between). The pages of the
 * filters are merged in sequence order and cut where the first of them stopped.
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

    /** One filter's share of a page: its events and how far they are complete. */
    private record FilterRead(List<Event> events, long coveredThrough, long pending) {
    }

    @Override
    public CompletionStage<Page> after(List<EventFilter> filters, long afterSeq, int limit) {
        return connector.call(nats -> {
            StreamState state = nats.management().getStreamInfo(stream).getStreamState();
            if (afterSeq > 0 && state.getMsgCount() > 0 && state.getFirstSequence() > afterSeq + 1) {
                return new Gone(state.getLastSequence()); // events after afterSeq aged out: a read would have a gap
            }
            long last = state.getLastSequence();
            if (afterSeq >= last || filters.isEmpty()) {
                return new Events(List.of(), Math.max(afterSeq, last), 0, last);
            }
            List<FilterRead> reads = new ArrayList<>(filters.size());
            for (EventFilter filter : filters) {
                reads.add(read(nats, filter.natsSubject(prefix), afterSeq, limit, last));
            }
            return merge(reads, afterSeq, limit, last);
        });
    }

    private static Page merge(List<FilterRead> reads, long afterSeq, int limit, long head) {
        long covered = Long.MAX_VALUE;
        long remaining = 0;
        List<Event> all = new ArrayList<>();
        for (FilterRead read : reads) {
            covered = Math.min(covered, read.coveredThrough());
            remaining += read.pending();
            all.addAll(read.events());
        }
        all.sort(Comparator.comparingLong(Event::seq));
        List<Event> page = new ArrayList<>(Math.min(limit, all.size()));
        for (Event event : all) {
            if (event.seq() > covered) {
                break;
            }
            if (page.size() == limit) {
                covered = page.get(limit - 1).seq();
                break;
            }
            page.add(event);
        }
        return new Events(page, Math.max(covered, afterSeq), remaining, head);
    }

    private FilterRead read(JetStreamHandles nats, String filterSubject, long afterSeq, int limit, long last)
            throws IOException, JetStreamApiException, InterruptedException {
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
            if (pending == 0) {
                return new FilterRead(List.of(), last, 0);
            }
            int wanted = (int) Math.min(pending, limit);
            List<Event> events = new ArrayList<>(wanted);
            long lastRead = afterSeq;
            int got = 0;
            JetStreamSubscription subscription = nats.jetStream()
                    .subscribe(null, PullSubscribeOptions.fastBind(stream, consumer.getName()));
            try {
                for (Message message : subscription.fetch(wanted, NatsConnector.REQUEST_TIMEOUT)) {
                    long seq = message.metaData().streamSequence();
                    lastRead = Math.max(lastRead, seq);
                    got++;
                    if (StoredEvents.decode(prefix, message.getSubject(), seq, message.getData(),
                            message.getHeaders()) instanceof StoredEvents.Valid valid) {
                        events.add(valid.event());
                    }
                }
            } finally {
                subscription.unsubscribe();
            }
            // Everything pending was counted after `last` was read, so a complete read covers it.
            boolean complete = got >= pending;
            return new FilterRead(events, complete ? Math.max(last, lastRead) : lastRead, pending);
        } finally {
            delete(nats, consumer.getName());
        }
    }

    private void delete(JetStreamHandles nats, String consumer) {
        try {
            nats.management().deleteConsumer(stream, consumer);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.debug("history consumer {} not deleted ({}); its inactive threshold removes it", consumer,
                    e.toString());
        }
    }
}
