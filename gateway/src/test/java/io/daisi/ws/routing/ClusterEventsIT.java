package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.ClusterEnv;
import io.daisi.ws.testsupport.FreePorts;
import io.daisi.ws.testsupport.GatewayProcess;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §6 "Who receives what" with real nats-server -js, real redis-server and two or three
 * gateway instances: every matching socket on every pod gets every event, whichever pod took it.
 */
class ClusterEventsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final AtomicInteger RUN = new AtomicInteger();
    private static NatsServer nats;
    private static RedisServer redis;
    private final List<TestGateway> gateways = new ArrayList<>();
    private final String prefix = "p" + RUN.incrementAndGet();

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

    private Map<String, String> env(String pod, String mode) {
        Map<String, String> env = ClusterEnv.of(nats, redis, prefix, pod, mode);
        // the burst tests read thousands of events as fast as they come: no drops from the send queues
        env.put("DAISI_WS_APP_WEBSOCKET_MESSAGE_BUFFER_SIZE", "20000");
        return env;
    }

    private TestGateway gateway(String pod, String mode) {
        return gateway(pod, mode, Map.of());
    }

    private TestGateway gateway(String pod, String mode, Map<String, String> extra) {
        Map<String, String> env = env(pod, mode);
        env.putAll(extra);
        TestGateway gw = TestGateway.startInSelectedMode(env);
        gateways.add(gw);
        await().atMost(WAIT).until(() -> TestHttp.get(gw.http("/ready")).status() == 200);
        return gw;
    }

    private String subject(String rest) {
        return prefix + "." + rest;
    }

    private static String eventId(JsonNode frame) {
        return frame.at("/payload/event_id").asText();
    }

    /** Event frames until {@code count} distinct seqs arrived (redeliveries may repeat one), by seq. */
    private static TreeMap<Long, JsonNode> distinctEvents(TestSocket socket, int count) {
        TreeMap<Long, JsonNode> bySeq = new TreeMap<>();
        while (bySeq.size() < count) {
            JsonNode frame = socket.nextMatching(f -> "event".equals(f.path("type").asText()), WAIT);
            bySeq.put(frame.path("seq").asLong(), frame);
        }
        return bySeq;
    }

    @Test
    void chatsEventsReachUsersOnBothPodsWhicheverPodTookThem() {
        TestGateway a = gateway("pod-a", "shared");
        TestGateway b = gateway("pod-b", "shared");
        TestSocket onA = a.connectUser("c1", "a1", "u1");
        TestSocket onB = b.connectUser("c1", "a1", "u2");
        for (int i = 0; i < 20; i++) {
            a.publish(subject("c1.a1.chats"), TestGateway.event("e" + i, Map.of("n", i)));
        }
        for (TestSocket socket : List.of(onA, onB)) {
            TreeMap<Long, JsonNode> got = distinctEvents(socket, 20);
            assertThat(got.values().stream().map(ClusterEventsIT::eventId)).hasSize(20).doesNotHaveDuplicates();
        }
        // the delivery-latency histogram tells the events each pod took from those a peer forwarded
        String metrics = TestHttp.get(a.http("/metrics")).body() + TestHttp.get(b.http("/metrics")).body();
        assertThat(metrics).containsPattern("dws_event_delivery_latency_seconds_count\\{path=\"local\"} [1-9]")
                .containsPattern("dws_event_delivery_latency_seconds_count\\{path=\"forwarded\"} [1-9]");
    }

    @Test
    void messagesEventsReachEverySocketViewingTheChatOnEveryPod() {
        TestGateway a = gateway("pod-a", "shared");
        TestGateway b = gateway("pod-b", "shared");
        TestSocket x1 = a.connectUser("c1", "a1", "u1");
        TestSocket x2 = a.connectUser("c1", "a1", "u2");
        TestSocket x3 = b.connectUser("c1", "a1", "u3");
        TestSocket y = b.connectUser("c1", "a1", "u4");
        // select_chat has no answer of its own: the chat's stored last message shows it took effect
        a.publish(subject("c1.a1.messages.X"), TestGateway.event("prime", Map.of()));
        for (TestSocket s : List.of(x1, x2, x3)) {
            s.selectChat("X");
            s.nextMatching(f -> "prime".equals(eventId(f)), WAIT);
        }
        y.selectChat("Y");
        await().atMost(WAIT).until(() -> redis.commandList("SMEMBERS", "route:c1:a1:messages:X").size() == 2);
        for (int i = 0; i < 10; i++) {
            b.publish(subject("c1.a1.messages.X"), TestGateway.event("m" + i, Map.of("n", i)));
        }
        for (TestSocket s : List.of(x1, x2, x3)) {
            java.util.Set<String> got = new java.util.TreeSet<>();
            while (got.size() < 10) {
                got.add(eventId(s.nextMatching(f -> eventId(f).startsWith("m"), WAIT)));
            }
            assertThat(got).hasSize(10);
        }
        y.expectSilence(QUIET);
    }

    @Test
    void adminsOnEachPodGetExactlyTheirScope() {
        TestGateway a = gateway("pod-a", "shared");
        TestGateway b = gateway("pod-b", "shared");
        TestSocket all = a.connectAdmin(Map.of("admin_id", "root", "expires_in_seconds", 600));
        TestSocket c1Only = b.connectAdmin(Map.of("admin_id", "c1-admin", "company_id_restriction", "c1",
                "expires_in_seconds", 600));
        TestSocket c2a9 = a.connectAdmin(Map.of("admin_id", "c2-a9", "subscribed_company_id", "c2",
                "subscribed_agent_id", "a9", "expires_in_seconds", 600));
        TestSocket c1Too = b.connectAdmin(Map.of("admin_id", "c1-admin-2", "company_id_restriction", "c1",
                "expires_in_seconds", 600));
        List<String> published = List.of("c1.a1", "c2.a9", "c2.a1", "c1.a2");
        for (String ca : published) {
            a.publish(subject(ca + ".agents"), TestGateway.event(ca, Map.of()));
        }
        assertThat(distinctEvents(all, 4).values().stream().map(ClusterEventsIT::eventId))
                .containsExactlyInAnyOrderElementsOf(published);
        for (TestSocket s : List.of(c1Only, c1Too)) {
            assertThat(distinctEvents(s, 2).values().stream().map(ClusterEventsIT::eventId))
                    .containsExactlyInAnyOrder("c1.a1", "c1.a2");
            s.expectSilence(QUIET);
        }
        assertThat(eventId(distinctEvents(c2a9, 1).firstEntry().getValue())).isEqualTo("c2.a9");
        c2a9.expectSilence(QUIET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "per_pod"})
    void tenThousandEventsAcrossSubjectsReachEveryMatchingSocketCompletely(String mode) throws Exception {
        // bounded in-flight events: a burst must not queue thousands of forwards at once on 2 cores
        Map<String, String> bounded = Map.of("DAISI_WS_APP_NATS_MAX_ACK_PENDING", "500");
        TestGateway a = gateway("pod-a", mode, bounded);
        TestGateway b = gateway("pod-b", mode, bounded);
        TestSocket chatsA = a.connectUser("c1", "a1", "u1");
        TestSocket viewerB = b.connectUser("c1", "a1", "u2");
        viewerB.selectChat("X");
        TestSocket otherC = b.connectUser("c2", "a2", "u3");
        TestSocket adminC = a.connectAdmin(Map.of("admin_id", "root", "expires_in_seconds", 600));
        if (mode.equals("shared")) {
            await().atMost(WAIT).until(() -> redis.commandList("SMEMBERS", "route:c1:a1:messages:X").size() == 1);
        } else {
            // per_pod pods write no route sets (no pod reads them): the selection is in once a frame
            // sent after it has been answered
            viewerB.send("not json");
            viewerB.nextOfType("error");
            assertThat(redis.command("KEYS", "route:*")).isEqualTo("[]");
        }

        List<String> subjects = List.of("c1.a1.chats", "c1.a1.messages.X", "c2.a2.chats", "c1.a1.agents");
        Map<String, Integer> perSubject = new LinkedHashMap<>();
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream js = connection.jetStream();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String s = subjects.get(i % subjects.size());
                int n = perSubject.merge(s, 1, Integer::sum);
                String json = "{\"event_id\":\"" + s + "#" + n + "\",\"company_id\":\"x\",\"row_data\":{\"n\":" + n + "}}";
                acks.add(js.publishAsync(subject(s), json.getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        // chats of c1/a1 and the agents events each land on one socket, chat X on the viewer (plus its chats)
        assertComplete(chatsA, 2500, "c1.a1.chats", mode);
        assertComplete(viewerB, 5000, null, mode);
        assertComplete(otherC, 2500, "c2.a2.chats", mode);
        assertComplete(adminC, 2500, "c1.a1.agents", mode);
    }

    /** Publishes raw JSON straight to JetStream (the dev endpoint would re-encode it) and waits for the acks. */
    private void publishRaw(String subjectRest, List<String> jsons) throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            JetStream js = connection.jetStream();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (String json : jsons) {
                acks.add(js.publishAsync(subject(subjectRest), json.getBytes(StandardCharsets.UTF_8)));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aForwardedEventReachesItsSocketExactlyLikeALocalOne() throws Exception {
        TestGateway a = gateway("pod-a", "shared");
        TestGateway b = gateway("pod-b", "shared");
        TestSocket onA = a.connectUser("c1", "a1", "u1");
        TestSocket onB = b.connectUser("c1", "a1", "u2");
        // each event is local on one pod and forwarded to the other: both sockets must see the same payload
        List<String> jsons = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            jsons.add("{\"event_id\":\"big" + i + "\",\"x_unknown\":{\"k\":[1,2]},\"row_data\":{\"id\":"
                    + (9_007_199_254_740_993L + i) + ",\"huge\":123456789012345678901234567890,\"n\":" + i + "}}");
        }
        publishRaw("c1.a1.chats", jsons);

        TreeMap<Long, JsonNode> gotA = distinctEvents(onA, 20);
        TreeMap<Long, JsonNode> gotB = distinctEvents(onB, 20);
        assertThat(gotB.keySet()).isEqualTo(gotA.keySet());
        for (Long seq : gotA.keySet()) {
            JsonNode payload = gotA.get(seq).path("payload");
            assertThat(gotB.get(seq).path("payload")).isEqualTo(payload);
            int n = payload.at("/row_data/n").asInt();
            assertThat(payload).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsons.get(n)));
            assertThat(payload.at("/row_data/id").bigIntegerValue().longValueExact())
                    .isEqualTo(9_007_199_254_740_993L + n);
            assertThat(payload.path("x_unknown").isObject()).isTrue();
        }
    }

    @Test
    void aSocketThatRegisteredWhileABurstIsBeingRoutedGetsEveryLaterEvent() throws Exception {
        Map<String, String> bounded = Map.of("DAISI_WS_APP_NATS_MAX_ACK_PENDING", "500");
        TestGateway a = gateway("pod-a", "shared", bounded);
        TestGateway b = gateway("pod-b", "shared", bounded);
        TestSocket busyA = a.connectUser("c1", "a1", "u1");
        TestSocket busyB = b.connectUser("c1", "a1", "u2");
        List<String> burst = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            burst.add("{\"event_id\":\"c1.a1.chats#" + i + "\",\"row_data\":{\"n\":" + i + "}}");
        }
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try {
                publishRaw("c1.a1.chats", burst);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // registers on pod B while both pods route the burst (route reads in flight, coalesced)
        TestSocket late = b.connectUser("c3", "a3", "u3");
        List<String> later = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            later.add("{\"event_id\":\"c3.a3.chats#" + i + "\",\"row_data\":{\"n\":" + i + "}}");
        }
        publishRaw("c3.a3.chats", later);
        publishing.get(60, TimeUnit.SECONDS);

        assertComplete(late, 300, "c3.a3.chats", "shared");
        assertComplete(busyA, 3000, "c1.a1.chats", "shared");
        assertComplete(busyB, 3000, "c1.a1.chats", "shared");
    }

    /** All {@code count} events, none missing; in per_pod mode also in stream order per subject. */
    private static void assertComplete(TestSocket socket, int count, String onlySubject, String mode) {
        List<JsonNode> arrivals = new ArrayList<>();
        TreeMap<Long, JsonNode> bySeq = new TreeMap<>();
        while (bySeq.size() < count) {
            JsonNode frame = socket.nextMatching(f -> "event".equals(f.path("type").asText()), WAIT);
            arrivals.add(frame);
            bySeq.put(frame.path("seq").asLong(), frame);
        }
        Map<String, List<Integer>> numbersBySubject = new HashMap<>();
        for (JsonNode frame : bySeq.values()) {
            String id = eventId(frame);
            String s = id.substring(0, id.indexOf('#'));
            if (onlySubject != null) {
                assertThat(s).isEqualTo(onlySubject);
            }
            numbersBySubject.computeIfAbsent(s, k -> new ArrayList<>()).add(frame.at("/payload/row_data/n").asInt());
        }
        numbersBySubject.values().forEach(numbers ->
                assertThat(numbers).as("every event of the subject").isSorted().doesNotHaveDuplicates()
                        .hasSize(numbers.get(numbers.size() - 1)));
        if (mode.equals("per_pod")) {
            Map<String, Integer> last = new HashMap<>();
            for (JsonNode frame : arrivals) {
                String id = eventId(frame);
                String s = id.substring(0, id.indexOf('#'));
                int n = frame.at("/payload/row_data/n").asInt();
                assertThat(n).as("arrival order of " + s).isGreaterThan(last.getOrDefault(s, 0));
                last.put(s, n);
            }
        }
    }

    @Test
    void selectChatSendsTheStoredLastMessageAndSinceReplaysWhatWasMissed() {
        TestGateway a = gateway("pod-a", "shared");
        long first = a.publish(subject("c1.a1.messages.X"), TestGateway.event("x1", Map.of()));
        a.publish(subject("c1.a1.messages.X"), TestGateway.event("x2", Map.of()));
        a.publish(subject("c1.a1.chats"), TestGateway.event("chat-1", Map.of()));
        TestSocket viewer = a.connectUser("c1", "a1", "u1");
        viewer.selectChat("X");
        JsonNode last = viewer.nextOfType("event");
        assertThat(eventId(last)).isEqualTo("x2");
        viewer.close();

        // a reconnecting client that saw seq `first` gets chats after it before ready, then chat X's on select
        TestSocket back = TestSocket.connect(a.userUrl("c1", "a1", a.userToken("c1", "a1", "u1")) + "&since=" + first,
                Map.of(), "json.v1");
        assertThat(eventId(back.next())).isEqualTo("chat-1");
        assertThat(back.next().path("type").asText()).isEqualTo("ready");
        back.selectChat("X");
        assertThat(eventId(back.nextOfType("event"))).isEqualTo("x2");
        a.publish(subject("c1.a1.messages.X"), TestGateway.event("x3", Map.of()));
        assertThat(eventId(back.nextOfType("event"))).isEqualTo("x3");
    }

    @Test
    void natsRestartedMidStreamLosesNothing() {
        TestGateway a = gateway("pod-a", "shared");
        TestGateway b = gateway("pod-b", "shared");
        TestSocket onA = a.connectUser("c1", "a1", "u1");
        TestSocket onB = b.connectUser("c1", "a1", "u2");
        for (int i = 0; i < 50; i++) {
            a.publish(subject("c1.a1.chats"), TestGateway.event("before-" + i, Map.of()));
        }
        nats.stop();
        nats.start();
        await().atMost(WAIT).until(() -> TestHttp.get(a.http("/ready")).status() == 200
                && TestHttp.get(b.http("/ready")).status() == 200);
        for (int i = 0; i < 50; i++) {
            b.publish(subject("c1.a1.chats"), TestGateway.event("after-" + i, Map.of()));
        }
        assertThat(distinctEvents(onA, 100)).hasSize(100);
        assertThat(distinctEvents(onB, 100)).hasSize(100);
    }

    @Test
    void aPodKilledAbruptlyIsNakedForUntilItsHeartbeatExpiresAndThenSkipped(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        TestGateway a = gateway("pod-a", "shared");
        Map<String, String> bEnv = new HashMap<>(TestGateway.baseEnv());
        bEnv.putAll(env("pod-b", "shared"));
        int bPort = FreePorts.next();
        bEnv.put("DAISI_WS_SERVER_HTTP_PORT", Integer.toString(bPort));
        Process b = GatewayProcess.launch(dir, bEnv);
        try {
            String bBase = "127.0.0.1:" + bPort;
            await().atMost(Duration.ofSeconds(40)).ignoreExceptions()
                    .until(() -> TestHttp.get("http://" + bBase + "/ready").status() == 200);
            TestSocket onA = a.connectUser("c1", "a1", "u1");
            String token = a.userToken("c1", "a1", "u2");
            TestSocket onB = TestSocket.connect("ws://" + bBase + "/ws/c1/a1?token=" + TestGateway.enc(token)
                    + "&x-api-key=" + TestGateway.enc(TestGateway.API_KEY), Map.of(), "json.v1");
            assertThat(onB.next().path("type").asText()).isEqualTo("ready");
            assertThat(redis.commandList("SMEMBERS", "route:c1:a1:chats")).contains("pod-a", "pod-b");

            b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                a.publish(subject("c1.a1.chats"), TestGateway.event("k" + i, Map.of()));
            }
            assertThat(distinctEvents(onA, 10)).hasSize(10);
            // local delivery is immediate; the NAK follows the failed forward and its retry
            await().atMost(WAIT).until(() -> counter(new String(a.gateway().metrics().scrape(),
                    StandardCharsets.UTF_8), "dws_nats_messages_nacked_total") > 0);
            await().atMost(WAIT).until(() -> counter(new String(a.gateway().metrics().scrape(),
                    StandardCharsets.UTF_8), "dws_grpc_circuitbreaker_tripped_total") > 0);
            await().atMost(WAIT).until(() -> !redis.commandList("SMEMBERS", "route:c1:a1:chats").contains("pod-b"));
            await().atMost(WAIT).until(() -> redis.command("EXISTS", "pod:pod-b").equals("0"));

            // pod-b is dead and gone from the route: new events are acked without trying it
            String before = new String(a.gateway().metrics().scrape(), StandardCharsets.UTF_8);
            a.publish(subject("c1.a1.chats"), TestGateway.event("after-death", Map.of()));
            assertThat(eventId(onA.nextMatching(f -> "after-death".equals(eventId(f)), WAIT))).isEqualTo("after-death");
            String after = new String(a.gateway().metrics().scrape(), StandardCharsets.UTF_8);
            assertThat(counter(after, "dws_nats_messages_nacked_total"))
                    .isEqualTo(counter(before, "dws_nats_messages_nacked_total"));
        } finally {
            b.destroyForcibly();
        }
    }

    private static double counter(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
