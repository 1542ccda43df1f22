package io.daisi.ws.events.jetstream;

import io.daisi.ws.events.StreamFloor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The shared consumer's ack floor (SPEC §6): every event up to it was acknowledged, which the
 * gateway does only once the event was handed to every pod of its route. Read from JetStream
 * on demand (the position ticker asks once a second); a failed read keeps the last value.
 */
public final class JetStreamAckFloor implements StreamFloor {
    private final NatsConnector connector;
    private final String stream;
    private final Supplier<String> consumer;
    private final AtomicLong last = new AtomicLong();

    JetStreamAckFloor(NatsConnector connector, String stream, Supplier<String> consumer) {
        this.connector = connector;
        this.stream = stream;
        this.consumer = consumer;
    }

    @Override
    public CompletionStage<Long> read() {
        if (!connector.isConnected()) {
            return CompletableFuture.completedFuture(last.get());
        }
        return connector.call(nats -> nats.management().getConsumerInfo(stream, consumer.get())
                        .getAckFloor().getStreamSequence())
                .handle((floor, failure) -> failure == null ? last.accumulateAndGet(floor, Math::max) : last.get());
    }

    @Override
    public long lastRead() {
        return last.get();
    }
}
