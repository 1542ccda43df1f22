package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.events.EventPublisher;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.events.StreamFloor;
import io.daisi.ws.observability.DependencyCheck;
import java.time.Duration;

/**
 * NATS JetStream as this pod's event source: the connection, the stream, the durable consumer
 * feeding the dispatcher, and the reads other parts need (last message of a chat, history for
 * recovery, publishing for {@code POST /dev/events}). Connecting happens in the background, so
 * building and starting it never fails while NATS is down; {@code /ready} says so.
 */
public final class JetStreamEventSource implements AutoCloseable {
    private final NatsConnector connector;
    private final StreamSetup stream;
    private final JetStreamConsumer consumer;
    private final NatsReadiness readiness;
    private final LastMessageStore lastMessages;
    private final EventHistory history;
    private final EventPublisher publisher;
    private final JetStreamAckFloor ackFloor;

    public JetStreamEventSource(NatsConfig nats, AppConfig app, String podId, EventDispatcher dispatcher,
                                JetStreamMetrics metrics) {
        this.connector = NatsConnector.start(nats, podId);
        this.stream = new StreamSetup(connector, nats);
        this.readiness = new NatsReadiness(connector, stream);
        this.consumer = new JetStreamConsumer(connector, stream, nats, app, podId, dispatcher, metrics);
        this.lastMessages = new JetStreamLastMessages(connector, nats);
        this.history = new JetStreamHistory(connector, nats);
        this.publisher = new JetStreamPublisher(connector, nats);
        this.ackFloor = new JetStreamAckFloor(connector, nats.streamName(), consumer::consumerName);
    }

    /** The consumer's ack floor: the safe resume point's bound in {@code shared} mode. */
    public StreamFloor ackFloor() {
        return ackFloor;
    }

    /** Ensures the stream (in the background), then starts consuming. */
    public void start() {
        stream.start();
        consumer.start();
    }

    public LastMessageStore lastMessages() {
        return lastMessages;
    }

    public EventHistory history() {
        return history;
    }

    public EventPublisher publisher() {
        return publisher;
    }

    public DependencyCheck readinessCheck() {
        return readiness;
    }

    /** Stops consuming — events pulled but not dispatched are NAKed, in-flight ones settled — then disconnects. */
    public void close(Duration timeout) {
        consumer.close(timeout);
        connector.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
