package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §12: standalone mode (no Redis) with a local NATS consumes from JetStream with in-memory routing. */
class StandaloneWithNatsIT {
    private static NatsServer nats;
    private static TestGateway gw;

    @BeforeAll
    static void start() {
        nats = NatsServer.launch();
        gw = TestGateway.startInSelectedMode(Map.of("DAISI_WS_NATS_URL", nats.url()));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestHttp.get(gw.http("/ready")).status() == 200);
    }

    @AfterAll
    static void stop() {
        gw.close();
        nats.close();
    }

    @Test
    void eventsPublishedToJetStreamReachSocketsWithTheStreamSequence() {
        String ready = TestHttp.get(gw.http("/ready")).body();
        assertThat(ready).contains("\"nats\":\"ok\"").contains("\"redis\":\"disabled\"").contains("\"grpc\":\"disabled\"");
        TestSocket socket = gw.connectUser("c1", "a1", "u1");
        long seq = gw.publish("websocket.c1.a1.chats", TestGateway.event("via-nats", Map.of("n", 1)));
        JsonNode frame = socket.nextOfType("event");
        assertThat(frame.at("/payload/event_id").asText()).isEqualTo("via-nats");
        assertThat(frame.path("seq").asLong()).isEqualTo(seq);
        assertThat(new String(gw.gateway().metrics().scrape())).contains("dws_nats_messages_acked_total");
    }

    @Test
    void aReconnectingClientGetsWhatItMissedBeforeReady() {
        long seen = gw.publish("websocket.c2.a2.chats", TestGateway.event("seen", Map.of()));
        gw.publish("websocket.c2.a2.chats", TestGateway.event("missed-1", Map.of()));
        gw.publish("websocket.c2.a2.chats", TestGateway.event("missed-2", Map.of()));
        TestSocket socket = TestSocket.connect(gw.userUrl("c2", "a2", gw.userToken("c2", "a2", "u2")) + "&since=" + seen,
                Map.of(), "json.v1");
        assertThat(socket.next().at("/payload/event_id").asText()).isEqualTo("missed-1");
        assertThat(socket.next().at("/payload/event_id").asText()).isEqualTo("missed-2");
        assertThat(socket.next().path("type").asText()).isEqualTo("ready");
        gw.publish("websocket.c2.a2.chats", TestGateway.event("live", Map.of()));
        assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("live");
    }

    @Test
    void tooMuchToReplayIsReportedAndLiveEventsFollow() {
        TestGateway small = TestGateway.startInSelectedMode(Map.of("DAISI_WS_NATS_URL", nats.url(),
                "DAISI_WS_NATS_CONSUMER_NAME", "small_fanout", "DAISI_WS_APP_RECOVERY_MAX_EVENTS", "2"));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> TestHttp.get(small.http("/ready")).status() == 200);
            long seen = small.publish("websocket.c3.a3.chats", TestGateway.event("s", Map.of()));
            for (int i = 0; i < 3; i++) {
                small.publish("websocket.c3.a3.chats", TestGateway.event("m" + i, Map.of()));
            }
            TestSocket socket = TestSocket.connect(small.userUrl("c3", "a3", small.userToken("c3", "a3", "u3"))
                    + "&since=" + seen, Map.of(), "json.v1");
            assertThat(socket.next().at("/payload/code").asText()).isEqualTo("RecoveryTooLarge");
            assertThat(socket.next().path("type").asText()).isEqualTo("ready");
        } finally {
            small.close();
        }
    }
}
