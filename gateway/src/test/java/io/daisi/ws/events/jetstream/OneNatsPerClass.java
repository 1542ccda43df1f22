package io.daisi.ws.events.jetstream;

import static org.awaitility.Awaitility.await;

import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A private nats-server for a test class and a plain jnats client to publish and inspect with.
 * Each test takes a config of its own ({@link #newConfig}): its own stream and subject prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneNatsPerClass {
    protected NatsServer server;
    protected Connection client;
    protected GatewayConfig config;

    @BeforeAll
    void startNats() throws Exception {
        server = NatsServer.launch();
        client = Nats.connect(server.url());
    }

    @AfterAll
    void stopNats() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    protected GatewayConfig newConfig(Map<String, String> overrides) {
        config = JetStreamTesting.config(server, overrides);
        return config;
    }

    protected String prefix() {
        return config.nats().subjectPrefix();
    }

    protected String stream() {
        return config.nats().streamName();
    }

    /** Publishes {@code body} on {@code {prefix}.{subjectTail}}; returns its stream sequence. */
    protected long publish(String subjectTail, byte[] body) throws IOException, JetStreamApiException {
        return publish(subjectTail, body, new Headers());
    }

    protected long publish(String subjectTail, byte[] body, Headers headers) throws IOException, JetStreamApiException {
        return client.jetStream().publish(prefix() + "." + subjectTail, headers, body).getSeqno();
    }

    protected ConsumerInfo consumerInfo(String name) throws IOException, JetStreamApiException {
        return client.jetStreamManagement().getConsumerInfo(stream(), name);
    }

    protected List<String> consumerNames() throws IOException, JetStreamApiException {
        return client.jetStreamManagement().getConsumerNames(stream());
    }

    /** Consumers start at "new" events: publish only once the durable exists. */
    protected void awaitConsumer(String name) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> consumerNames().contains(name));
    }

    /** Everything delivered to the consumer has been acknowledged and nothing is left to deliver. */
    protected void awaitAllAcked(String name) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            ConsumerInfo info = consumerInfo(name);
            return info.getNumAckPending() == 0 && info.getNumPending() == 0;
        });
    }
}
