package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.ClusterEnv;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No event lost to a connected socket (SPEC §6, §8, §11) with real NATS JetStream, real Redis
 * and two gateways: catch-up after a pause in a burst, and a socket that follows its
 * {@code position} across a pod's graceful stop.
 */
class ClusterCatchUpIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger RUN = new AtomicInteger();
    private static NatsServer nats;
    private static RedisServer redis;
    private final List<TestGateway> gateways = new ArrayList<>();
    private final String prefix = "cu" + RUN.incrementAndGet();

    @BeforeAll
    static void startServers() {
        nats = NatsServer.launch();
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopServers() {
        nats.close();
        redis.close();
    }

    @AfterEach
    void stopGateways() {
        gateways.forEach(TestGateway::close);
        redis.command("FLUSHALL");
    }

    private TestGateway gateway(String pod, String mode, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(ClusterEnv.of(nats, redis, prefix, pod, mode));
        env.putAll(extra);
        TestGateway gw = TestGateway.startInSelectedMode(env);
        gateways.add(gw);
        await().atMost(WAIT).until(() -> TestHttp.get(gw.http("/ready")).status() == 200);
        return gw;
    }

    /** Distinct seqs of event frames until {@code count} arrived; in order and without duplicates if asked. */
    private static Set<Long> receive(TestSocket socket, int count, boolean strictOrder) {
        Set<Long> seqs = new TreeSet<>();
        long last = 0;
        while (seqs.size() < count) {
            JsonNode frame = socket.nextMatching(f -> "event".equals(f.path("type").asText()), WAIT);
            long seq = frame.path("seq").asLong();
            if (strictOrder) {
                assertThat(seq).as("in stream order and once each").isGreaterThan(last);
            }
            last = seq;
            seqs.add(seq);
        }
        return seqs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "per_pod"})
    void socketsThatPauseInABurstOfTenThousandGetEveryEventAndNoneIsClosed(String mode) throws Exception {
        // a 5 s pause in a 10,000-event burst leaves thousands to catch up: allow them (the default is 1000);
        // bounded in-flight events, as ClusterEventsIT explains
        Map<String, String> extra = Map.of("DAISI_WS_APP_RECOVERY_MAX_EVENTS", "20000",
                "DAISI_WS_APP_NATS_MAX_ACK_PENDING", "500");
        TestGateway a = gateway("pod-a", mode, extra);
        TestGateway b = gateway("pod-b", mode, extra);
        List<TestSocket> steady = List.of(a.connectUser("c1", "a1", "steady-a"), b.connectUser("c1", "a1", "steady-b"));
        List<TestSocket> paused = List.of(a.connectUser("c1", "a1", "paused-a"), b.connectUser("c1", "a1", "paused-b"));
        if (mode.equals("shared")) {
            await().atMost(WAIT).until(() -> redis.commandList("SMEMBERS", "route:c1:a1:chats").size() == 2);
        } else {
            // per_pod: a socket is in its pod's index once it is ready, and no route set is written
            assertThat(redis.command("KEYS", "route:*")).isEqualTo("[]");
        }
        paused.forEach(TestSocket::pause);

        long start = System.nanoTime();
        Set<Long> published = new TreeSet<>();
        String padding = "p".repeat(1_000);
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream js = connection.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String json = "{\"event_id\":\"b" + i + "\",\"row_data\":{\"n\":" + i + ",\"pad\":\"" + padding + "\"}}";
                acks.add(js.publishAsync(prefix + ".c1.a1.chats", json.getBytes(StandardCharsets.UTF_8)));
            }
            for (CompletableFuture<PublishAck> ack : acks) {
                published.add(ack.get(60, TimeUnit.SECONDS).getSeqno());
            }
        }
        // the pause is the scenario (clients busy for 5 s), not a wait for an outcome
        Thread.sleep(Math.max(0, 5_000 - Duration.ofNanos(System.nanoTime() - start).toMillis()));
        paused.forEach(TestSocket::resume);

        boolean ordered = mode.equals("per_pod");
        for (TestSocket socket : steady) {
            assertThat(receive(socket, 10_000, ordered).equals(published)).as("steady socket has every event").isTrue();
        }
        for (TestSocket socket : paused) {
            assertThat(receive(socket, 10_000, ordered).equals(published)).as("paused socket has every event").isTrue();
        }
        for (TestSocket socket : List.of(steady.get(0), steady.get(1), paused.get(0), paused.get(1))) {
            assertThat(socket.isClosed()).isFalse();
        }
        String metricsA = TestHttp.get(a.http("/metrics")).body() + TestHttp.get(b.http("/metrics")).body();
        assertThat(metricsA).containsPattern("dws_catchup_started_total [1-9]")
                .doesNotContainPattern("dws_slow_consumer_closes_total [1-9]");
    }

    @Test
    void aSocketFollowsItsPositionAcrossAGracefulStopOfItsPodAndLosesNothing() throws Exception {
        Map<String, String> extra = Map.of("DAISI_WS_APP_SHUTDOWN_DRAIN_SECONDS", "1");
        gateway("pod-a", "shared", extra);
        TestGateway stays = gateways.get(0);
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream js = connection.jetStream();
            for (int round = 0; round < 20; round++) {
                String company = "r" + round;
                TestGateway leaving = gateway("pod-b" + round, "shared", extra);
                TestSocket first = leaving.connectUser(company, "a", "u");
                Set<Long> published = new ConcurrentSkipListSet<>();
                AtomicBoolean publishing = new AtomicBoolean(true);
                AtomicInteger sent = new AtomicInteger();
                // 50 events/s, taken by both pods (one shared consumer)
                Thread publisher = Thread.ofPlatform().start(() -> {
                    while (publishing.get()) {
                        int n = sent.incrementAndGet();
                        String json = "{\"event_id\":\"" + company + "-" + n + "\",\"row_data\":{\"n\":" + n + "}}";
                        try {
                            published.add(js.publish(prefix + "." + company + ".a.chats",
                                    json.getBytes(StandardCharsets.UTF_8)).getSeqno());
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                await().atMost(WAIT).until(() -> sent.get() >= 15);

                leaving.close(); // the SIGTERM path: a last position, then 1001
                assertThat(first.awaitClose(WAIT).code()).isEqualTo(1001);
                long position = first.latestPosition();
                assertThat(position).as("a position before the close").isNotNegative();
                Set<Long> received = new TreeSet<>(eventSeqs(first));

                TestSocket second = TestSocket.connect(stays.userUrl(company, "a", stays.userToken(company, "a", "u"))
                        + "&since=" + position, Map.of(), "json.v1");
                int before = sent.get();
                await().atMost(WAIT).until(() -> sent.get() >= before + 15);
                publishing.set(false);
                publisher.join();
                Set<Long> all = new TreeSet<>(published);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    received.addAll(eventSeqs(second));
                    return received.containsAll(all);
                });
                assertThat(second.isClosed()).isFalse();
                second.close();
            }
        }
    }

    private static List<Long> eventSeqs(TestSocket socket) {
        return socket.drain().stream().filter(f -> "event".equals(f.path("type").asText()))
                .map(f -> f.path("seq").asLong()).toList();
    }
}
