package io.daisi.ws.events.jetstream;

import static io.daisi.ws.events.jetstream.JetStreamTesting.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.testsupport.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §11 "NATS down": consumption resumes from the durable's position; nothing is lost or skipped. */
class NatsRestartIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @ParameterizedTest(name = "crash = {0}")
    @ValueSource(booleans = {false, true})
    void everythingPublishedAroundARestartIsDispatchedAndAcked(boolean crash) throws Exception {
        try (NatsServer server = NatsServer.launch()) {
            // a short ack wait so that acks lost with the server are redelivered within the test
            GatewayConfig config = JetStreamTesting.config(server, Map.of("DAISI_WS_APP_NATS_ACK_WAIT_SECONDS", "2"));
            String prefix = config.nats().subjectPrefix();
            // each dispatch takes the consumer thread 5 ms and completes 5 ms later elsewhere: when NATS goes,
            // events are still in the stream, pulled but not dispatched, and dispatched but not acked
            RecordingDispatcher dispatcher = new RecordingDispatcher().answering(e -> {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
            });
            try (ConsumerPod pod = ConsumerPod.start(config, dispatcher);
                 Connection publisher = Nats.connect(new Options.Builder().server(server.url()).maxReconnects(-1)
                         .reconnectWait(Duration.ofMillis(200)).build())) {
                JetStream js = publisher.jetStream(JetStreamOptions.builder()
                        .requestTimeout(Duration.ofSeconds(1)).build());
                await().atMost(RECOVERY).ignoreExceptions().until(() ->
                        publisher.jetStreamManagement().getConsumerNames(config.nats().streamName())
                                .contains("ws_fanout"));

                List<Long> published = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    published.add(publishUntilStored(js, prefix + ".c1.a" + (i % 4) + ".chats", i));
                }
                assertThat(dispatcher.seqs()).as("NATS stops mid-stream").hasSizeLessThan(published.size());
                if (crash) {
                    server.kill();
                } else {
                    server.stop();
                }
                server.start();
                for (int i = 200; i < 300; i++) {
                    published.add(publishUntilStored(js, prefix + ".c2.a1.messages.x", i));
                }

                await().atMost(RECOVERY).until(() -> new HashSet<>(dispatcher.seqs()).containsAll(published));
                await().atMost(RECOVERY).ignoreExceptions().until(() -> {
                    ConsumerInfo info = publisher.jetStreamManagement()
                            .getConsumerInfo(config.nats().streamName(), "ws_fanout");
                    return info.getNumAckPending() == 0 && info.getNumPending() == 0;
                });
                assertThat(pod.connector.isConnected()).isTrue();
            }
        }
    }

    /** Retries while the server is away; a lost publish ack may store a duplicate, which is at-least-once. */
    private static long publishUntilStored(JetStream js, String subject, int n) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return js.publish(subject, event("e" + n)).getSeqno();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not publish " + n, e);
                }
                Thread.sleep(100); // a retry interval, not a wait for an outcome
            }
        }
    }
}
