package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SIGTERM's drain (SPEC §11): not ready at once, sockets closed with a last position and 1001, spread out. */
class PacedDrainIT {

    @Test
    void socketsAreClosedSpreadOverTheDrainTimeEachWithALastPositionAndEventsUntilItsTurn() throws Exception {
        TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_SHUTDOWN_DRAIN_SECONDS", "3"));
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sockets.add(gw.connectUser("c", "a", "u" + i));
        }
        List<CompletableFuture<Long>> closedAt = new ArrayList<>();
        for (TestSocket socket : sockets) {
            closedAt.add(CompletableFuture.supplyAsync(() -> {
                socket.awaitClose(Duration.ofSeconds(30));
                return System.nanoTime();
            }));
        }
        long start = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(gw::close);

        await().atMost(Duration.ofSeconds(2)).until(() -> TestHttp.get(gw.http("/ready")).status() == 503);
        assertThat(TestHttp.get(gw.http("/ready")).body()).contains("\"server\":\"shutting down\"");
        // still delivering meanwhile: the sockets whose turn has not come get it
        long seq = gw.publish("websocket.c.a.chats", TestGateway.event("during-drain", Map.of()));
        TestSocket refused = TestSocket.connect(gw.userUrl("c", "a", gw.userToken("c", "a", "late")), Map.of(), "json.v1");
        assertThat(refused.next().at("/payload/code").asText()).isEqualTo("ServiceUnavailable");
        assertThat(refused.awaitClose().code()).isEqualTo(1013);

        stopping.get();
        List<Long> offsets = new ArrayList<>();
        for (CompletableFuture<Long> at : closedAt) {
            offsets.add(Duration.ofNanos(at.get() - start).toMillis());
        }
        offsets.sort(Long::compare);
        assertThat(offsets.get(offsets.size() - 1) - offsets.get(0)).as("spread, not all at once: %s", offsets)
                .isGreaterThan(1_500);
        assertThat(offsets.get(offsets.size() - 1)).as("within the drain time (and some slack)").isLessThan(6_000);
        int gotTheLateEvent = 0;
        for (TestSocket socket : sockets) {
            assertThat(socket.awaitClose().code()).isEqualTo(1001);
            List<JsonNode> log = socket.log();
            assertThat(log.get(log.size() - 1).path("type").asText()).as("a last position before 1001")
                    .isEqualTo("position");
            if (log.stream().anyMatch(m -> m.path("seq").asLong() == seq)) {
                gotTheLateEvent++;
            }
        }
        assertThat(gotTheLateEvent).as("sockets still open got the event published during the drain").isPositive();
    }
}
