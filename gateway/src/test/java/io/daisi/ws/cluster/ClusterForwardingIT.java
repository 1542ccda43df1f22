package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances sharing a real Redis: an event taken by one pod (here from its
 * in-process bus) reaches the matching sockets of the other through the route registry and gRPC.
 */
class ClusterForwardingIT {
    private static final Duration QUIET = Duration.ofMillis(500);
    private static RedisServer redis;
    private TestGateway a;
    private TestGateway b;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startGateways() {
        a = gateway("pod-a");
        b = gateway("pod-b");
    }

    @AfterEach
    void stopGateways() {
        a.close();
        b.close();
        redis.command("FLUSHALL");
    }

    private static TestGateway gateway(String pod) {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        env.put("DAISI_WS_SERVER_POD_ID", pod);
        env.put("DAISI_WS_APP_DEV_ENDPOINTS", "true");
        return TestGateway.startInSelectedMode(env);
    }

    @Test
    void chatsEventsReachUserSocketsOnBothInstances() {
        TestSocket onA = a.connectUser("c1", "a1", "u1");
        TestSocket onB = b.connectUser("c1", "a1", "u2");
        TestSocket otherAgent = b.connectUser("c1", "a2", "u3");
        assertThat(redis.commandList("SMEMBERS", "route:c1:a1:chats")).containsExactlyInAnyOrder("pod-a", "pod-b");

        a.publish("websocket.c1.a1.chats", TestGateway.event("from-a", Map.of("n", 1)));
        b.publish("websocket.c1.a1.chats", TestGateway.event("from-b", Map.of("n", 2)));
        for (TestSocket socket : new TestSocket[] {onA, onB}) {
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isIn("from-a", "from-b");
            assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isIn("from-a", "from-b");
        }
        otherAgent.expectSilence(QUIET);
    }

    @Test
    void messagesEventsReachEverySocketViewingTheChatAndNoOther() {
        TestSocket x1 = a.connectUser("c1", "a1", "u1");
        TestSocket x2 = a.connectUser("c1", "a1", "u2");
        TestSocket x3 = b.connectUser("c1", "a1", "u3");
        TestSocket y = b.connectUser("c1", "a1", "u4");
        // select_chat has no answer of its own: on A, the chat's last message (A's bus keeps it) shows
        // it took effect; on B, x3 is the only viewer, so B in the route set shows it
        a.publish("websocket.c1.a1.messages.X", TestGateway.event("prime", Map.of()));
        for (TestSocket s : new TestSocket[] {x1, x2}) {
            s.selectChat("X");
            s.nextMatching(f -> "prime".equals(f.at("/payload/event_id").asText()), Duration.ofSeconds(5));
        }
        x3.selectChat("X");
        y.selectChat("Y");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                redis.commandList("SMEMBERS", "route:c1:a1:messages:X").size() == 2
                        && redis.commandList("SMEMBERS", "route:c1:a1:messages:Y").size() == 1);

        a.publish("websocket.c1.a1.messages.X", TestGateway.event("m1", Map.of("text", "hi", "count", 3)));
        for (TestSocket s : new TestSocket[] {x1, x2, x3}) {
            var frame = s.nextMatching(f -> "m1".equals(f.at("/payload/event_id").asText()), Duration.ofSeconds(5));
            assertThat(frame.at("/payload/row_data/count").asText()).isEqualTo("3");
            // each pod's bus numbers its own events, so numbers would collide across pods: without NATS
            // there is no shared stream and cluster mode sends events without seq
            assertThat(frame.has("seq")).isFalse();
        }
        y.expectSilence(QUIET);
    }

    @Test
    void adminsOnBothInstancesGetExactlyTheirScope() {
        TestSocket all = a.connectAdmin(Map.of("admin_id", "root", "expires_in_seconds", 600));
        TestSocket restricted = b.connectAdmin(Map.of("admin_id", "c1-admin", "company_id_restriction", "c1",
                "expires_in_seconds", 600));
        TestSocket agentOnly = b.connectAdmin(Map.of("admin_id", "c2-a9", "subscribed_company_id", "c2",
                "subscribed_agent_id", "a9", "expires_in_seconds", 600));

        a.publish("websocket.c2.a9.agents", TestGateway.event("c2-a9", Map.of()));
        a.publish("websocket.c1.a1.agents", TestGateway.event("c1-a1", Map.of()));

        assertThat(all.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("c2-a9");
        assertThat(all.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("c1-a1");
        assertThat(restricted.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("c1-a1");
        assertThat(agentOnly.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("c2-a9");
        restricted.expectSilence(QUIET);
        agentOnly.expectSilence(QUIET);
    }

    @Test
    void devEventsAreNotFoundInClusterModeUnlessEnabled() {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        try (TestGateway plain = TestGateway.startInSelectedMode(env)) {
            assertThat(TestHttp.post(plain.http("/dev/events"), "{}", Map.of("X-API-Key", TestGateway.ADMIN_KEY))
                    .status()).isEqualTo(404);
        }
    }

    @Test
    void eachPodAdvertisesItsGrpcAddressAndReportsGrpcReady() {
        assertThat(redis.command("GET", "pod:pod-a")).startsWith("127.0.0.1:");
        assertThat(TestHttp.get(a.http("/ready")).body()).contains("\"grpc\":\"ok\"").contains("\"redis\":\"ok\"");
        b.close();
        assertThat(redis.command("EXISTS", "pod:pod-b")).isEqualTo("0");
    }
}
