package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of the JetStream-driven scenarios that are pure logic. */
class StreamScenarioPartsTest {

    @Test
    void countsTheWarmUpAndTheMeasuredEventsAndRefusesMoreThanARunTakes() {
        assertThat(StreamScenario.eventCount(200 * 100, 600, 10)).isEqualTo(26_000);
        assertThat(StreamScenario.eventCount(0, 1, 1)).isEqualTo(1);
        assertThat(StreamScenario.eventCount(0, 10_000, 1_000)).isEqualTo(StreamScenario.MAX_EVENTS);
        // 1,000,000/s for an hour is above 2^31: refused, not wrapped to a negative count
        assertThatThrownBy(() -> StreamScenario.eventCount(1_000_000 * 600, 1_000_000, 3600))
                .isInstanceOf(UsageException.class).hasMessageContaining("4200000000");
        assertThatThrownBy(() -> StreamScenario.eventCount(1, 10_000, 1_000)).isInstanceOf(UsageException.class);
    }

    @Test
    void theMixSendsEventsToKindsByWeightPairsInTurnAndChatsOfThePair() {
        EventMix mix = EventMix.parse("chats:80,messages:15,agents:5", 10, 3);
        Map<EventMix.Kind, Integer> kinds = new EnumMap<>(EventMix.Kind.class);
        for (int i = 0; i < 1000; i++) {
            EventMix.Route r = mix.route(i);
            kinds.merge(r.kind(), 1, Integer::sum);
            assertThat(r.pair()).isEqualTo(i % 10);
            assertThat(r.chat()).isEqualTo(r.kind() == EventMix.Kind.MESSAGES ? EventMix.chat((i / 10) % 3) : "");
        }
        assertThat(kinds).containsEntry(EventMix.Kind.CHATS, 800).containsEntry(EventMix.Kind.MESSAGES, 150)
                .containsEntry(EventMix.Kind.AGENTS, 50);
        assertThat(mix.route(17)).isEqualTo(mix.route(17));
    }

    @Test
    void aBadMixIsAUsageError() {
        assertThatThrownBy(() -> EventMix.parse("chats:x", 1, 0)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> EventMix.parse("news:5", 1, 0)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> EventMix.parse("chats:0", 1, 0)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> EventMix.parse("messages:5", 1, 0)).hasMessageContaining("--chats-per-pair");
    }

    @Test
    void aPublishedEventHasItsSubjectItsSizeAndTheFieldsTheFrameScannerReads() {
        EventMix.Route route = new EventMix.Route(EventMix.Kind.MESSAGES, 4, "ch2");
        assertThat(JetStreamEventPublisher.subject("websocket", "brun", route)).isEqualTo("websocket.brunp4.a4.messages.ch2");
        String json = JetStreamEventPublisher.event("brun", "bench-run-", 512, 99, route, 1_700_000_000_000_123L);
        assertThat(json).hasSize(512).contains("\"chat_id\":\"ch2\"").startsWith("{\"event_id\":\"bench-run-99\"");
        byte[] frame = ("{\"type\":\"event\",\"seq\":5,\"payload\":" + json + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(Frame.parse(Unpooled.wrappedBuffer(frame)))
                .isEqualTo(new Frame("event", 5, 99, 1_700_000_000_000_123L, null));
    }

    @Test
    void socketIoPacketsAreReadAsOpenPingReadyAndEvents() {
        assertThat(sio("0{\"sid\":\"x\",\"pingInterval\":25000}").type()).isEqualTo("sio_open");
        assertThat(sio("2").type()).isEqualTo("sio_ping");
        assertThat(sio("40{\"sid\":\"y\"}").type()).isEqualTo("ready");
        assertThat(sio("42[\"event\",{\"seq\":3,\"payload\":{\"event_id\":\"e\",\"row_data\":{\"i\":7,\"sent_at_us\":11,"
                + "\"pad\":\"\"}}}]")).isEqualTo(new Frame("event", 3, 7, 11, null));
        assertThat(sio("44{\"message\":\"nope\"}").type()).isEqualTo("other");
    }

    private static Frame sio(String text) {
        return Frame.parseSocketIo(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cpuTicksAreReadPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 40 0 100 1 2";
        assertThat(ServerCpu.parseTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void eachEventsFirstArrivalPerGatewayIsKeptAndWarmUpIsLeftOutOfTheLatency() {
        Deliveries d = new Deliveries();
        d.trackArrivals(10, 2);
        d.measureFrom(2);
        d.record(1_000, 1_900, 1, 0);
        d.record(1_000, 1_500, 5, 0);
        d.record(1_000, 1_300, 5, 0);
        d.record(1_000, 2_000, 5, 1);
        assertThat(d.firstArrival(5, 0)).isEqualTo(300);
        assertThat(d.firstArrival(5, 1)).isEqualTo(1000);
        assertThat(d.firstArrival(6, 0)).isEqualTo(-1);
        assertThat(d.latency().count()).as("event 1 is warm-up").isEqualTo(3);
        assertThat(d.lastAtUs()).isEqualTo(2_000);
    }

    @Test
    void theExpectedDeliveriesFollowPairsSelectedChatsAndAdminScopes() {
        EventMix mix = EventMix.parse("chats:1,messages:1,agents:1", 2, 2);
        List<BenchSocket> ready = List.of(
                socket(0, "ch0"), socket(0, "ch1"), socket(1, "ch0"),
                new BenchSocket(Target.admin(JetStreamEventPublisher.company("b", 1), JetStreamEventPublisher.agent(1),
                        "adm", 0), new Deliveries()));
        long expected = 0;
        for (int i = 0; i < 40; i++) {
            EventMix.Route r = mix.route(i);
            expected += switch (r.kind()) {
                case CHATS -> r.pair() == 0 ? 2 : 1;
                case MESSAGES -> r.pair() == 0 ? 1 : (r.chat().equals("ch0") ? 1 : 0);
                case AGENTS -> r.pair() == 1 ? 1 : 0;
            };
        }
        assertThat(StreamScenario.expected(ready, mix, 40)).isEqualTo(expected).isPositive();
    }

    private static BenchSocket socket(int pair, String chat) {
        return new BenchSocket(new Target(JetStreamEventPublisher.company("b", pair), JetStreamEventPublisher.agent(pair),
                "u", 0, chat), new Deliveries());
    }

    @Test
    void missingDeliveriesAreExplainedOnlyByTheFramesThePodsDroppedByPolicy() {
        List<MetricsSnapshot> before = List.of(
                MetricsSnapshot.parse("dws_websocket_messages_dropped_total{reason=\"buffer_full\"} 100\n"),
                MetricsSnapshot.parse(""));
        List<MetricsSnapshot> after = List.of(
                MetricsSnapshot.parse("dws_websocket_messages_dropped_total{reason=\"buffer_full\"} 1100\n"
                        + "dws_websocket_messages_dropped_total{reason=\"slow_consumer\"} 7\n"),
                MetricsSnapshot.parse("dws_websocket_messages_dropped_total{reason=\"buffer_full\"} 500\n"));
        long dropped = Scenarios.droppedByPolicy(before, after);

        assertThat(dropped).isEqualTo(1_500); // 1,000 on the first instance, 500 on the second; closes are not policy drops
        assertThat(Scenarios.unexplainedMissing(1_500, dropped)).isZero();
        assertThat(Scenarios.unexplainedMissing(1_600, dropped)).isEqualTo(100);
        assertThat(Scenarios.unexplainedMissing(0, 0)).isZero();
        assertThat(Scenarios.unexplainedMissing(10, 0)).isEqualTo(10);
    }

    @Test
    void theFanoutScenarioFlagsOnlyMissingDeliveriesNoInstanceDropped() {
        // 1,000 sockets x 100 events, 1,500 deliveries missing
        SequenceChecker.Totals totals = new SequenceChecker.Totals(1_000, 98_500, 98_500, 1_500, 0, 0, 0, 990);

        Report allDropped = new Report("fanout");
        FanoutScenario.reportCompleteness(allDropped, totals, 1_500, 1);
        assertThat(allDropped.ok()).isTrue();
        assertThat(allDropped.jsonLine()).contains("\"missing\":1500").contains("\"missing_dropped_by_policy\":1500");

        Report someLost = new Report("fanout");
        FanoutScenario.reportCompleteness(someLost, totals, 1_400, 1);
        assertThat(someLost.ok()).isFalse();
        assertThat(someLost.jsonLine()).contains("100 deliveries missing that no instance dropped");

        Report noneDropped = new Report("fanout");
        FanoutScenario.reportCompleteness(noneDropped, totals, 0, 1);
        assertThat(noneDropped.ok()).isFalse();
    }
}
