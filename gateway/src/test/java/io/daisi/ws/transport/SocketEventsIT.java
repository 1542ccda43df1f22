package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end over real sockets against a standalone gateway: the SPEC §4 and §6 delivery rules. */
class SocketEventsIT {
    private static final Duration QUIET = Duration.ofMillis(400);
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void sinceInStandaloneModeReplaysFromTheBusHistoryBeforeReadyThenGoesLive() {
        long seen = gw.publish("websocket.rc.ra.chats", TestGateway.event("seen", Map.of()));
        gw.publish("websocket.rc.ra.chats", TestGateway.event("missed-1", Map.of()));
        gw.publish("websocket.rc.other.chats", TestGateway.event("not-mine", Map.of()));
        gw.publish("websocket.rc.ra.chats", TestGateway.event("missed-2", Map.of()));
        TestSocket socket = TestSocket.connect(gw.userUrl("rc", "ra", gw.userToken("rc", "ra", "u")) + "&since=" + seen,
                Map.of(), "json.v1");
        assertThat(socket.next().at("/payload/event_id").asText()).isEqualTo("missed-1");
        assertThat(socket.next().at("/payload/event_id").asText()).isEqualTo("missed-2");
        assertThat(socket.next().path("type").asText()).isEqualTo("ready");
        gw.publish("websocket.rc.ra.chats", TestGateway.event("live-1", Map.of()));
        assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("live-1");
        socket.close();
    }

    @Test
    void sinceOlderThanTheStandaloneHistoryIsRecoveryTooLargeThenLive() {
        try (TestGateway small = TestGateway.start(Map.of("DAISI_WS_APP_STANDALONE_HISTORY_SIZE", "3"))) {
            long first = small.publish("websocket.rc.ra.chats", TestGateway.event("old", Map.of()));
            for (int i = 0; i < 4; i++) {
                small.publish("websocket.rc.ra.chats", TestGateway.event("newer-" + i, Map.of()));
            }
            TestSocket socket = TestSocket.connect(small.userUrl("rc", "ra", small.userToken("rc", "ra", "u"))
                    + "&since=" + first, Map.of(), "json.v1");
            JsonNode error = socket.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.at("/payload/code").asText()).isEqualTo("RecoveryTooLarge");
            assertThat(socket.next().path("type").asText()).isEqualTo("ready");
            small.publish("websocket.rc.ra.chats", TestGateway.event("live", Map.of()));
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("live");
            socket.close();
        }
    }

    @Test
    void tokenOverHttpThenConnectThenReadyThenEvent() {
        String token = gw.userToken("acme", "agent1", "alice");
        try (TestSocket socket = TestSocket.connect(gw.userUrl("acme", "agent1", token), Map.of(), "json.v1")) {
            assertThat(socket.subprotocol()).isEqualTo("json.v1");
            assertThat(socket.next().toString()).isEqualTo("{\"type\":\"ready\"}");
            Map<String, Object> event = TestGateway.event("evt-1", Map.of("id", 7, "text", "hi"));
            event.put("company_id", "acme");
            event.put("agent_id", "agent1");
            event.put("extra_field", List.of(1, 2));
            long seq = gw.publish("websocket.acme.agent1.chats", event);
            JsonNode received = socket.next();
            assertThat(received.get("type").asText()).isEqualTo("event");
            assertThat(received.get("seq").asLong()).isEqualTo(seq);
            assertThat(received.get("payload").get("event_id").asText()).isEqualTo("evt-1");
            assertThat(received.get("payload").get("extra_field").toString()).isEqualTo("[1,2]");
            assertThat(received.get("payload").get("row_data").get("text").asText()).isEqualTo("hi");
        }
    }

    @Test
    void plainBrowserSocketWithoutSubprotocolIsAccepted() {
        String token = gw.userToken("acme", "agent2", "bob");
        try (TestSocket socket = TestSocket.connect(gw.userUrl("acme", "agent2", token))) {
            assertThat(socket.subprotocol()).isEmpty();
            assertThat(socket.next().get("type").asText()).isEqualTo("ready");
        }
    }

    @Test
    void apiKeyInHeaderWorksToo() {
        String token = gw.userToken("acme", "agent3", "carol");
        try (TestSocket socket = TestSocket.connect(gw.ws("/ws/acme/agent3?token=" + TestGateway.enc(token)),
                Map.of("X-API-Key", TestGateway.API_KEY))) {
            assertThat(socket.next().get("type").asText()).isEqualTo("ready");
        }
    }

    @Test
    void chatsEventsReachEveryUserOfTheCompanyAndAgentOnly() {
        try (TestSocket a = gw.connectUser("c1", "a1", "u1");
             TestSocket b = gw.connectUser("c1", "a1", "u2");
             TestSocket other = gw.connectUser("c1", "a9", "u3")) {
            gw.publish("websocket.c1.a1.chats", TestGateway.event("e-chats", Map.of()));
            assertThat(a.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("e-chats");
            assertThat(b.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("e-chats");
            other.expectSilence(QUIET);
        }
    }

    @Test
    void selectChatSwitchesMessageEventsAndSendsTheChatsLastMessage() {
        gw.publish("websocket.c2.a1.messages.y", TestGateway.event("y-old", Map.of("n", 1)));
        gw.publish("websocket.c2.a1.messages.y", TestGateway.event("y-last", Map.of("n", 2)));
        try (TestSocket socket = gw.connectUser("c2", "a1", "u1")) {
            gw.publish("websocket.c2.a1.messages.x", TestGateway.event("x-before-select", Map.of()));
            socket.expectSilence(QUIET);

            socket.selectChat("x");
            JsonNode lastOfX = socket.nextOfType("event");
            assertThat(lastOfX.at("/payload/event_id").asText()).isEqualTo("x-before-select");
            gw.publish("websocket.c2.a1.messages.x", TestGateway.event("x-1", Map.of()));
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("x-1");

            socket.selectChat("y");
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("y-last");
            gw.publish("websocket.c2.a1.messages.x", TestGateway.event("x-2", Map.of()));
            gw.publish("websocket.c2.a1.messages.y", TestGateway.event("y-1", Map.of()));
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("y-1");
            socket.expectSilence(QUIET);
        }
    }

    @Test
    void adminScopesAndRestrictionsAreHonoured() {
        try (TestSocket all = gw.connectAdmin(Map.of("admin_id", "root"));
             TestSocket company = gw.connectAdmin(Map.of("admin_id", "adm-c3", "subscribed_company_id", "c3"));
             TestSocket agent = gw.connectAdmin(Map.of("admin_id", "adm-c3-a1", "subscribed_company_id", "c3",
                     "subscribed_agent_id", "a1"));
             TestSocket restricted = gw.connectAdmin(Map.of("admin_id", "adm-r", "company_id_restriction", "c4"));
             TestSocket user = gw.connectUser("c3", "a1", "u1")) {
            gw.publish("websocket.c3.a1.agents", TestGateway.event("c3a1", Map.of()));
            gw.publish("websocket.c3.a2.agents", TestGateway.event("c3a2", Map.of()));
            gw.publish("websocket.c4.a1.agents", TestGateway.event("c4a1", Map.of()));
            gw.publish("websocket.c5.a1.agents", TestGateway.event("c5a1", Map.of()));

            assertThat(eventIds(all, 4)).containsExactly("c3a1", "c3a2", "c4a1", "c5a1");
            assertThat(eventIds(company, 2)).containsExactly("c3a1", "c3a2");
            assertThat(eventIds(agent, 1)).containsExactly("c3a1");
            assertThat(eventIds(restricted, 1)).containsExactly("c4a1");
            company.expectSilence(QUIET);
            agent.expectSilence(Duration.ZERO);
            restricted.expectSilence(Duration.ZERO);
            user.expectSilence(Duration.ZERO);
        }
    }

    @Test
    void adminTokenWithConflictingScopeIsRefused() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("admin_id", "x");
        body.put("subscribed_company_id", "c1");
        body.put("company_id_restriction", "c2");
        TestHttp.Response response = TestHttp.post(gw.http("/admin/generate-token"), TestHttp.json(body),
                Map.of("X-API-Key", TestGateway.ADMIN_KEY));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asText()).isEqualTo("BadRequest");
    }

    @Test
    void secondConnectionOfTheSameUserClosesTheFirstWith4402() {
        try (TestSocket first = gw.connectUser("c6", "a1", "same");
             TestSocket second = gw.connectUser("c6", "a1", "same")) {
            JsonNode error = first.nextOfType("error");
            assertThat(error.at("/payload/code").asText()).isEqualTo("SessionConflict");
            assertThat(first.awaitClose().code()).isEqualTo(4402);
            gw.publish("websocket.c6.a1.chats", TestGateway.event("after-takeover", Map.of()));
            assertThat(second.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("after-takeover");
            assertThat(second.isClosed()).isFalse();
        }
    }

    @Test
    void secondConnectionOfTheSameAdminClosesTheFirstWith4402() {
        try (TestSocket first = gw.connectAdmin(Map.of("admin_id", "twice"));
             TestSocket second = gw.connectAdmin(Map.of("admin_id", "twice"))) {
            assertThat(first.awaitClose().code()).isEqualTo(4402);
            assertThat(second.isClosed()).isFalse();
        }
    }

    @Test
    void invalidFramesGetBadRequestAndTheSocketStaysOpen() {
        try (TestSocket socket = gw.connectUser("c7", "a1", "u1")) {
            socket.send("not json");
            assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
            socket.send("{\"type\":\"select_chat\",\"payload\":{}}");
            assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
            socket.sendBinary(new byte[] {1, 2, 3});
            assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
            socket.selectChat("ok");
            gw.publish("websocket.c7.a1.messages.ok", TestGateway.event("still-open", Map.of()));
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("still-open");
        }
    }

    @Test
    void adminSocketsCannotSelectChats() {
        try (TestSocket admin = gw.connectAdmin(Map.of("admin_id", "selector"))) {
            admin.selectChat("x");
            assertThat(admin.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
        }
    }

    @Test
    void everySocketSeesEventsInSeqOrderEvenWithConcurrentPublishers() throws Exception {
        java.util.List<TestSocket> sockets = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sockets.add(gw.connectUser("c9", "a1", "order-" + i));
        }
        int perPublisher = 150;
        java.util.concurrent.ExecutorService publishers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int publisher = p;
                done.add(publishers.submit(() -> {
                    for (int i = 0; i < perPublisher; i++) {
                        gw.publish("websocket.c9.a1.chats", TestGateway.event("p" + publisher + "-" + i, Map.of()));
                    }
                }));
            }
            for (var f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            for (TestSocket socket : sockets) {
                long previous = 0;
                for (int i = 0; i < 4 * perPublisher; i++) {
                    long seq = socket.nextOfType("event").get("seq").asLong();
                    assertThat(seq).as("seq after %d", previous).isGreaterThan(previous);
                    previous = seq;
                }
                socket.close();
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    @Test
    void metricsCountConnectionsWithoutUnboundedLabels() {
        try (TestSocket socket = gw.connectUser("c8", "a1", "metrics-user")) {
            String metrics = TestHttp.get(gw.http("/metrics")).body();
            assertThat(metrics).contains("dws_active_connections{endpoint=\"user\"}");
            assertThat(metrics).contains("dws_connections_total");
            assertThat(metrics).contains("dws_event_delivery_latency_seconds");
            assertThat(metrics).doesNotContain("metrics-user").doesNotContain("session:");
        }
    }

    private static List<String> eventIds(TestSocket socket, int count) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(socket.nextOfType("event").at("/payload/event_id").asText());
        }
        return ids;
    }
}
