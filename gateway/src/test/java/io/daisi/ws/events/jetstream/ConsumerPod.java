package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.GatewayConfig;
import java.time.Duration;

/** One pod's consuming side: connector, stream setup and consumer, with a recording dispatcher. */
final class ConsumerPod implements AutoCloseable {
    /** Short, so redelivery tests take milliseconds, not seconds. */
    static final NakBackoff FAST_BACKOFF = new NakBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

    final NatsConnector connector;
    final JetStreamConsumer consumer;
    final RecordingDispatcher dispatcher;
    final CountingMetrics metrics = new CountingMetrics();

    private ConsumerPod(GatewayConfig config, String podId, RecordingDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.connector = NatsConnector.start(config.nats(), podId);
        StreamSetup setup = new StreamSetup(connector, config.nats());
        setup.start();
        ConsumerSettings settings = ConsumerSettings.of(config.nats(), config.app(), podId).withBackoff(FAST_BACKOFF);
        this.consumer = new JetStreamConsumer(connector, setup, settings, dispatcher, metrics);
    }

    static ConsumerPod start(GatewayConfig config, String podId, RecordingDispatcher dispatcher) {
        ConsumerPod pod = new ConsumerPod(config, podId, dispatcher);
        pod.consumer.start();
        return pod;
    }

    static ConsumerPod start(GatewayConfig config, RecordingDispatcher dispatcher) {
        return start(config, config.server().podId(), dispatcher);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        connector.close();
    }
}
