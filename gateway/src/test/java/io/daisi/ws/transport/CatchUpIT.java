package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.testsupport.NonReadingClient;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The {@code catch_up} policy (SPEC §8) end to end in standalone mode: events published in
 * one burst through {@code POST /dev/events}, real sockets, the bus's history.
 */
class CatchUpIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Publishes {@code count} events from four threads at once, as a bulk update would. */
    static void burst(TestGateway gw, int count, IntFunction<Map<String, Object>> event) throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                done.add(publishers.submit(() -> {
                    for (int i = first; i < count; i += 4) {
                        gw.publish("websocket.c.a.chats", event.apply(i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    /** Reads {@code count} events and checks they came in strictly increasing seq order: none lost, none twice. */
    static List<Long> readEvents(TestSocket socket, int count) {
        List<Long> seqs = new ArrayList<>(count);
        while (seqs.size() < count) {
            JsonNode frame = socket.nextMatching(f -> !"ready".equals(f.path("type").asText()), WAIT);
            assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo("event");
            seqs.add(frame.path("seq").asLong());
        }
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("in order, once each").isGreaterThan(seqs.get(i - 1));
        }
        return seqs;
    }

    /** Equal lists of seqs, reported by size and first difference rather than in full. */
    static void assertSameSeqs(List<Long> actual, List<Long> expected, String what) {
        int firstDifference = 0;
        while (firstDifference < Math.min(actual.size(), expected.size())
                && actual.get(firstDifference).equals(expected.get(firstDifference))) {
            firstDifference++;
        }
        assertThat(actual.equals(expected)).as("%s: %d seqs, expected %d; first difference at index %d (%s vs %s)",
                what, actual.size(), expected.size(), firstDifference,
                firstDifference < actual.size() ? actual.get(firstDifference) : "end",
                firstDifference < expected.size() ? expected.get(firstDifference) : "end").isTrue();
    }

    @Test
    void aSocketThatPausesDuringABurstGetsEveryEventInOrderAndNoSocketIsClosed() throws Exception {
        // a 5 s pause in a 10,000-event burst leaves thousands waiting: allow them (the default is 1000)
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_RECOVERY_MAX_EVENTS", "20000"))) {
            TestSocket steady = gw.connectUser("c", "a", "steady");
            TestSocket paused = gw.connectUser("c", "a", "paused");
            TestSocket other = gw.connectUser("c", "a", "other");
            paused.pause();
            String padding = "p".repeat(1_000); // ~10 MB in all: more than loopback socket buffers hold
            long start = System.nanoTime();
            burst(gw, 10_000, i -> TestGateway.event("b" + i, Map.of("n", i, "pad", padding)));
            // the pause is the scenario (a client busy for 5 s), not a wait for an outcome
            Thread.sleep(Math.max(0, 5_000 - Duration.ofNanos(System.nanoTime() - start).toMillis()));
            paused.resume();

            List<Long> all = readEvents(steady, 10_000);
            assertSameSeqs(readEvents(other, 10_000), all, "other");
            assertSameSeqs(readEvents(paused, 10_000), all, "paused");
            for (TestSocket s : List.of(steady, paused, other)) {
                assertThat(s.isClosed()).isFalse();
            }
            String metrics = TestHttp.get(gw.http("/metrics")).body();
            assertThat(metrics).containsPattern("dws_catchup_started_total [1-9]")
                    .containsPattern("dws_catchup_events_total [1-9]")
                    .contains("dws_catchup_active 0.0")
                    .contains("dws_websocket_messages_dropped_total{reason=\"buffer_full\"} 0.0")
                    .contains("dws_slow_consumer_closes_total 0.0");
        }
    }

    @Test
    void aSocketThatNeverReadsIsClosedWith4408AndResumesFromItsPositionWithTheRest() throws Exception {
        int events = 20_000;
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_WRITE_TIMEOUT_SECONDS", "3",
                "DAISI_WS_APP_STANDALONE_HISTORY_SIZE", "30000", "DAISI_WS_APP_RECOVERY_MAX_EVENTS", "30000"))) {
            TestSocket reader = gw.connectUser("c", "a", "reader");
            NonReadingClient stuck = gw.connectNonReading("c", "a", "stuck");
            long position = stuck.readFirstPosition(); // then it never reads again
            String padding = "p".repeat(2_000);
            long start = System.nanoTime();
            Thread publishing = Thread.ofPlatform().start(() -> {
                try {
                    burst(gw, events, i -> TestGateway.event("n" + i, Map.of("n", i, "pad", padding)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // write timeout (3 s) after its output stalled, which happens within the first second
            await().atMost(Duration.ofSeconds(3 + 10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    TestHttp.get(gw.http("/metrics")).body().contains("dws_slow_consumer_closes_total 1.0"));
            assertThat(TestHttp.get(gw.http("/metrics")).body()).contains("dws_connections_closed_total{code=\"4408\"} 1.0");
            await().atMost(Duration.ofSeconds(5)).until(stuck::serverClosed);
            stuck.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3 + 10));
            publishing.join();

            List<Long> all = readEvents(reader, events);
            assertThat(reader.isClosed()).isFalse();
            // the client reconnects from the position it was given: everything after it comes, before ready
            TestSocket back = TestSocket.connect(gw.userUrl("c", "a", gw.userToken("c", "a", "stuck"))
                    + "&since=" + position, Map.of(), "json.v1");
            List<Long> replayed = new ArrayList<>(events);
            JsonNode frame;
            while (!"ready".equals((frame = back.next(WAIT)).path("type").asText())) {
                assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo("event");
                replayed.add(frame.path("seq").asLong());
            }
            assertSameSeqs(replayed, all, "replayed since the position");
            back.close();
        }
    }
}
