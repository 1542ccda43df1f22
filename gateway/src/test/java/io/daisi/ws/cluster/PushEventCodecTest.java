package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.daisi.ws.cluster.proto.EnrichedEventPayloadMessage;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushEventCodecTest {
    private static final EventSubject MESSAGES = EventSubject.messages("c1", "a1", "chat-9");

    @Test
    void roundTripKeepsTheJsonOfAFullEventByteForByte() {
        String json = "{\"event_id\":\"e1\",\"event_time\":\"2026-11-21T10:00:00Z\",\"company_id\":\"c1\","
                + "\"agent_id\":\"a1\",\"message_id\":\"m1\",\"chat_id\":\"chat-9\",\"row_data\":{"
                + "\"id\":5,\"zero\":0,\"negative\":-42,\"ratio\":1.5,\"tiny\":1.0E-7,\"flag\":true,\"off\":false,"
                + "\"nothing\":null,\"text\":\"h\u00e9llo \\\"q\\\"\",\"list\":[1,\"two\",[3.25],{\"k\":null}],"
                + "\"nested\":{\"deeper\":{\"n\":9007199254740992,\"s\":\"x\"},\"empty\":{},\"none\":[]}}}";

        Event back = roundTrip(event(MESSAGES, 42, json));

        assertThat(text(back)).isEqualTo(json);
        assertThat(back.seq()).isEqualTo(42);
        assertThat(back.subject()).isEqualTo(MESSAGES);
        assertThat(back.eventId()).isEqualTo("e1");
    }

    @Test
    void integralNumbersComeBackWithoutAFractionAndOthersAsTheDoubleTheyBecame() {
        String json = "{\"event_id\":\"e1\",\"row_data\":{\"a\":5.0,\"b\":-0,\"c\":12345678901234567891,"
                + "\"d\":1e20,\"e\":0.1}}";

        Event back = roundTrip(event(MESSAGES, 1, json));

        // beyond 2^53 a double cannot hold every integer: the value is what the double holds
        assertThat(text(back)).isEqualTo("{\"event_id\":\"e1\",\"row_data\":{\"a\":5,\"b\":0,"
                + "\"c\":1.2345678901234567E19,\"d\":1.0E20,\"e\":0.1}}");
    }

    @Test
    void emptyAndMissingOptionalFieldsAreOmittedAndKeysComeInTheReferenceOrder() {
        String json = "{\"row_data\":{\"x\":1},\"chat_id\":\"\",\"company_id\":\"c1\",\"event_id\":\"e1\","
                + "\"agent_id\":null}";

        Event back = roundTrip(event(EventSubject.chats("c1", "a1"), 3, json));

        assertThat(text(back)).isEqualTo("{\"event_id\":\"e1\",\"company_id\":\"c1\",\"row_data\":{\"x\":1}}");
    }

    @Test
    void rowDataAbsentOrNullStaysAbsentAndEmptyStaysEmpty() {
        assertThat(text(roundTrip(event(MESSAGES, 1, "{\"event_id\":\"e1\"}")))).isEqualTo("{\"event_id\":\"e1\"}");
        assertThat(text(roundTrip(event(MESSAGES, 1, "{\"event_id\":\"e1\",\"row_data\":null}"))))
                .isEqualTo("{\"event_id\":\"e1\"}");
        assertThat(text(roundTrip(event(MESSAGES, 1, "{\"event_id\":\"e1\",\"row_data\":{}}"))))
                .isEqualTo("{\"event_id\":\"e1\",\"row_data\":{}}");
    }

    @Test
    void otherTopLevelKeysDoNotCrossPods() {
        Event back = roundTrip(event(MESSAGES, 1, "{\"event_id\":\"e1\",\"extra\":{\"a\":1}}"));

        assertThat(text(back)).isEqualTo("{\"event_id\":\"e1\"}");
    }

    @Test
    void encodingCarriesTheTargetKindSequenceAndSourcePod() {
        PushEventRequest request = PushEventCodec.encode(
                event(EventSubject.agents("c1", "a1"), 77, "{\"event_id\":\"e1\",\"row_data\":{\"n\":2}}"), "pod-a");

        assertThat(request.getTargetCompanyId()).isEqualTo("c1");
        assertThat(request.getTargetAgentId()).isEqualTo("a1");
        assertThat(request.getTargetChatId()).isEmpty();
        assertThat(request.getEventKind()).isEqualTo("agents");
        assertThat(request.getStreamSeq()).isEqualTo(77);
        assertThat(request.getSourcePodId()).isEqualTo("pod-a");
        assertThat(request.getPayload().getEventId()).isEqualTo("e1");
        assertThat(request.getPayload().getRowData().getFieldsOrThrow("n").getNumberValue()).isEqualTo(2.0);
    }

    @Test
    void everyKindRoundTripsToItsSubject() {
        for (EventSubject subject : new EventSubject[] {MESSAGES, EventSubject.chats("c1", "a1"),
                EventSubject.agents("c2", "a2")}) {
            assertThat(roundTrip(event(subject, 5, "{\"event_id\":\"e1\"}")).subject()).isEqualTo(subject);
        }
    }

    @Test
    void sequenceZeroStaysZeroSoTheFrameCarriesNoSeq() {
        Event back = roundTrip(event(MESSAGES, 0, "{\"event_id\":\"e1\"}"));

        assertThat(back.seq()).isZero();
        assertThat(new String(back.frame(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"event\",\"payload\":{\"event_id\":\"e1\"}}");
    }

    @Test
    void aReferenceRequestWithoutKindIsAMessagesEventOfItsTargetChat() {
        PushEventRequest reference = PushEventRequest.newBuilder()
                .setPayload(EnrichedEventPayloadMessage.newBuilder()
                        .setEventId("e1").setCompanyId("c1").setAgentId("a1").setChatId("chat-9")
                        .setEventTime("2026-11-21T10:00:00Z")
                        .setRowData(Struct.newBuilder()
                                .putFields("id", Value.newBuilder().setNumberValue(7).build())
                                .putFields("gone", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())))
                .setTargetCompanyId("c1").setTargetAgentId("a1").setTargetChatId("chat-9").setSourcePodId("go-pod")
                .build();

        Event event = valid(PushEventCodec.decode(reference, "req-1", 123L));

        assertThat(event.subject()).isEqualTo(MESSAGES);
        assertThat(event.seq()).isZero();
        assertThat(event.requestId()).isEqualTo("req-1");
        assertThat(event.receivedAtNanos()).isEqualTo(123L);
        assertThat(text(event)).isEqualTo("{\"event_id\":\"e1\",\"event_time\":\"2026-11-21T10:00:00Z\","
                + "\"company_id\":\"c1\",\"agent_id\":\"a1\",\"chat_id\":\"chat-9\",\"row_data\":{\"id\":7,\"gone\":null}}");
    }

    @Test
    void malformedRequestsAreInvalidWithAReason() {
        PushEventRequest good = PushEventCodec.encode(event(MESSAGES, 1, "{\"event_id\":\"e1\"}"), "pod-a");

        assertThat(invalid(good.toBuilder().setTargetChatId("").build())).contains("target_chat_id");
        assertThat(invalid(good.toBuilder().clearEventKind().setTargetChatId("").build())).contains("target_chat_id");
        assertThat(invalid(good.toBuilder().setEventKind("rooms").build())).contains("event_kind");
        assertThat(invalid(good.toBuilder().setTargetCompanyId("").build())).contains("target_company_id");
        assertThat(invalid(good.toBuilder().setTargetAgentId("a.b").build())).contains("target_agent_id");
        assertThat(invalid(good.toBuilder().clearPayload().build())).contains("event_id");
        assertThat(invalid(good.toBuilder().setPayload(good.getPayload().toBuilder().setEventId("")).build()))
                .contains("event_id");
        Struct notJson = Struct.newBuilder().putFields("x", Value.newBuilder().setNumberValue(Double.NaN).build()).build();
        assertThat(invalid(good.toBuilder().setPayload(good.getPayload().toBuilder().setRowData(notJson)).build()))
                .contains("NaN");
    }

    @Test
    void anEventWhoseJsonIsNotAnEventCannotBeEncoded() {
        assertThatThrownBy(() -> PushEventCodec.encode(event(MESSAGES, 1, "[1]"), "pod-a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PushEventCodec.encode(event(MESSAGES, 1, "{\"event_id\":\"e1\",\"row_data\":3}"),
                "pod-a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PushEventCodec.encode(event(MESSAGES, 1, "{\"event_id\":\"e1\",\"chat_id\":3}"),
                "pod-a")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Event event(EventSubject subject, long seq, String json) {
        return new Event(subject, seq, json.getBytes(StandardCharsets.UTF_8), "e1", "req-1", 0L);
    }

    /** Encode, serialize to bytes and parse as the peer would, decode. */
    private static Event roundTrip(Event event) {
        try {
            byte[] wire = PushEventCodec.encode(event, "pod-a").toByteArray();
            return valid(PushEventCodec.decode(PushEventRequest.parseFrom(wire), event.requestId(), 0L));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static Event valid(PushEventCodec.Decoded decoded) {
        assertThat(decoded).isInstanceOf(PushEventCodec.Valid.class);
        return ((PushEventCodec.Valid) decoded).event();
    }

    private static String invalid(PushEventRequest request) {
        PushEventCodec.Decoded decoded = PushEventCodec.decode(request, "req-1", 0L);
        assertThat(decoded).isInstanceOf(PushEventCodec.Invalid.class);
        return ((PushEventCodec.Invalid) decoded).reason();
    }

    private static String text(Event event) {
        return new String(event.payloadJson(), StandardCharsets.UTF_8);
    }
}
