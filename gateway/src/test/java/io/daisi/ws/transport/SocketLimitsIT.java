package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.NonReadingClient;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-socket limits (SPEC §4, §8): frame size, invalid frames, inbound rate, liveness, slow consumers. */
class SocketLimitsIT {

    @Test
    void theEleventhInvalidFrameInARowClosesWith4400AndAValidFrameResetsTheCount() {
        try (TestGateway gw = TestGateway.start(); TestSocket socket = gw.connectUser("c", "a", "u")) {
            for (int i = 0; i < 10; i++) {
                socket.send("bad " + i);
                assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
            }
            socket.selectChat("reset");
            for (int i = 0; i < 10; i++) {
                socket.send("bad again " + i);
                assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
            }
            assertThat(socket.isClosed()).isFalse();
            socket.send("the eleventh");
            assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("BadRequest");
            assertThat(socket.awaitClose().code()).isEqualTo(4400);
        }
    }

    @Test
    void aMessageOverTheFrameLimitClosesWith4400() {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_MAX_FRAME_BYTES", "4096"));
             TestSocket socket = gw.connectUser("c", "a", "u")) {
            socket.send("{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"" + "x".repeat(5000) + "\"}}");
            assertThat(socket.awaitClose().code()).isEqualTo(4400);
        }
    }

    @Test
    void aFloodGetsOneRateLimitErrorThenA4429Close() {
        try (TestGateway gw = TestGateway.start(); TestSocket socket = gw.connectUser("c", "a", "u")) {
            // the flood ends when the server's close has closed our output (or after 300 messages)
            int sent = 0;
            while (sent < 300 && socket.trySelectChat("chat" + (sent % 3))) {
                sent++;
            }
            JsonNode error = socket.nextMatching(m -> m.at("/payload/code").asText().equals("RateLimitExceeded"),
                    Duration.ofSeconds(5));
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(socket.awaitClose().code()).isEqualTo(4429);
        }
    }

    @Test
    void aSocketThatNeverAnswersPingsIsClosedAfterThePongWait() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_PING_INTERVAL_SECONDS", "1",
                "DAISI_WS_APP_PONG_WAIT_SECONDS", "3"))) {
            try (NonReadingClient silent = gw.connectNonReading("c", "a", "silent");
                 TestSocket lively = gw.connectUser("c", "a", "lively")) {
                await().atMost(Duration.ofSeconds(10)).until(silent::serverClosed);
                // the JDK client answers pings by itself, so it outlives the pong wait
                assertThat(lively.isClosed()).isFalse();
                gw.publish("websocket.c.a.chats", TestGateway.event("alive", Map.of()));
                assertThat(lively.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("alive");
            }
        }
    }

    @Test
    void underDropOldestAClientThatStopsReadingLosesEventsCountedAndDelaysNoOtherClient() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_WRITE_TIMEOUT_SECONDS", "3",
                "DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY", "drop_oldest",
                // room for the reading client to lag on a busy machine; the stuck one still overflows
                "DAISI_WS_APP_WEBSOCKET_MESSAGE_BUFFER_SIZE", "300"))) {
            try (NonReadingClient stuck = gw.connectNonReading("c", "a", "stuck");
                 TestSocket fast = gw.connectUser("c", "a", "fast")) {
                // enough to overflow the kernel's socket buffers on loopback (several MB) as well as the queue
                String padding = "p".repeat(16_000);
                int events = 1_000;
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    gw.publish("websocket.c.a.chats", TestGateway.event("e" + i, Map.of("pad", padding)));
                }
                Set<String> received = new HashSet<>();
                for (int i = 0; i < events; i++) {
                    received.add(fast.nextOfType("event").at("/payload/event_id").asText());
                }
                assertThat(received).hasSize(events);
                // 16 MB went to a client that reads nothing: its queue dropped the oldest frames
                assertThat(TestHttp.get(gw.http("/metrics")).body())
                        .containsPattern("dws_websocket_messages_dropped_total\\{reason=\"buffer_full\"} [1-9]");
                // and once its output has been stuck for the write timeout it is disconnected; events keep
                // coming meanwhile (an idle stuck socket whose backlog fits in kernel buffers looks caught up)
                // (polled on the server side: reading from the stuck client would un-stick it)
                int[] trickle = {0};
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    gw.publish("websocket.c.a.chats", TestGateway.event("t" + trickle[0]++, Map.of("pad", padding)));
                    return TestHttp.get(gw.http("/metrics")).body()
                            .contains("dws_websocket_slow_clients_disconnected_total 1.0");
                });
                await().atMost(Duration.ofSeconds(5)).until(stuck::serverClosed);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
                assertThat(fast.isClosed()).isFalse();
            }
        }
    }

    @Test
    void blockPolicyClosesASlowConsumerAfterTheWriteTimeoutWithoutStallingOthers() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_WRITE_TIMEOUT_SECONDS", "2",
                "DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY", "block",
                "DAISI_WS_APP_WEBSOCKET_MESSAGE_BUFFER_SIZE", "200"))) {
            try (NonReadingClient stuck = gw.connectNonReading("c", "a", "stuck");
                 TestSocket fast = gw.connectUser("c", "a", "fast")) {
                String padding = "p".repeat(16_000);
                for (int i = 0; i < 1_000; i++) {
                    gw.publish("websocket.c.a.chats", TestGateway.event("b" + i, Map.of("pad", padding)));
                }
                for (int i = 0; i < 1_000; i++) {
                    assertThat(fast.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("b" + i);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> TestHttp.get(gw.http("/metrics")).body()
                        .contains("dws_websocket_slow_clients_disconnected_total 1.0"));
                await().atMost(Duration.ofSeconds(5)).until(stuck::serverClosed);
            }
        }
    }

    @Test
    void shutdownClosesEverySocketWith1001() {
        TestGateway gw = TestGateway.start();
        try (TestSocket user = gw.connectUser("c", "a", "u");
             TestSocket admin = gw.connectAdmin(Map.of("admin_id", "root"))) {
            gw.close();
            assertThat(user.awaitClose().code()).isEqualTo(1001);
            assertThat(admin.awaitClose().code()).isEqualTo(1001);
        }
    }
}
