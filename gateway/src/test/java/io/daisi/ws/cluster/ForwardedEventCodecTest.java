package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.daisi.ws.cluster.proto.ForwardedEvent;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ForwardedEventCodecTest {
    private static final EventSubject CHAT_X = EventSubject.messages("c1", "a1", "X");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String JSON = "{\"event_id\":\"e1\",\"zz\":1,\"row_data\":{\"big\":18446744073709551615}}";

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private static Event event(long receivedAtNanos) {
        return new Event(CHAT_X, 9, JSON.getBytes(StandardCharsets.UTF_8), "e1", "req-1", receivedAtNanos);
    }

    private static Event decoded(ForwardedEvent entry, long receivedAtNanos, Clock clock) {
        return ((PushEventCodec.Valid) ForwardedEventCodec.decode(entry, receivedAtNanos, clock)).event();
    }

    @Test
    void theEntryCarriesTheBytesTargetSeqRequestIdAndWhenTheSourceReceivedIt() {
        // received 3 ms before the forward, on a pod whose clock reads T0
        ForwardedEvent entry = ForwardedEventCodec.encode(event(1_000_000_000L), at(T0), 1_003_000_000L);

        assertThat(entry.getEventJson().toStringUtf8()).isEqualTo(JSON);
        assertThat(entry.getEventKind()).isEqualTo("messages");
        assertThat(entry.getTargetChatId()).isEqualTo("X");
        assertThat(entry.getStreamSeq()).isEqualTo(9);
        assertThat(entry.getRequestId()).isEqualTo("req-1");
        assertThat(entry.getSourceReceivedUnixMicros()).isEqualTo(T0.getEpochSecond() * 1_000_000L - 3_000);
    }

    @Test
    void theReceivingPodCountsTheHopIntoTheEventsAgeWhenTheStampIsBelievable() {
        ForwardedEvent entry = ForwardedEventCodec.encode(event(0), at(T0), 0);

        Event twoMsLater = decoded(entry, 50_000_000L, at(T0.plusMillis(2)));
        assertThat(twoMsLater.receivedAtNanos()).isEqualTo(48_000_000L);
        assertThat(twoMsLater.payloadJson()).isEqualTo(JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(twoMsLater.seq()).isEqualTo(9);
        assertThat(twoMsLater.subject()).isEqualTo(CHAT_X);
        assertThat(twoMsLater.eventId()).isEqualTo("e1");

        assertThat(decoded(entry, 50_000_000L, at(T0.minusMillis(5))).receivedAtNanos())
                .as("a receiver clock behind the sender's: no negative hop").isEqualTo(50_000_000L);
        assertThat(decoded(entry, 50_000_000L, at(T0.plus(Duration.ofMinutes(5)))).receivedAtNanos())
                .as("clocks minutes apart: not believed").isEqualTo(50_000_000L);
        assertThat(decoded(entry.toBuilder().clearSourceReceivedUnixMicros().build(), 50_000_000L,
                at(T0.plusMillis(2))).receivedAtNanos()).isEqualTo(50_000_000L);
    }

    @Test
    void anEntryThatIsNotAnEventOrNotRoutableIsInvalid() {
        ForwardedEvent good = ForwardedEventCodec.encode(event(0));
        assertThat(ForwardedEventCodec.decode(good.toBuilder().setEventJson(ByteString.copyFromUtf8("[1]")).build(), 0))
                .isInstanceOf(PushEventCodec.Invalid.class);
        assertThat(ForwardedEventCodec.decode(good.toBuilder().setEventKind("news").build(), 0))
                .isInstanceOf(PushEventCodec.Invalid.class);
        assertThat(ForwardedEventCodec.decode(good.toBuilder().setTargetChatId("").build(), 0))
                .isInstanceOf(PushEventCodec.Invalid.class);
        assertThat(ForwardedEventCodec.decode(good.toBuilder().setTargetCompanyId("a.b").build(), 0))
                .isInstanceOf(PushEventCodec.Invalid.class);
        assertThat(ForwardedEventCodec.decode(good, 0)).isInstanceOf(PushEventCodec.Valid.class);
    }
}
