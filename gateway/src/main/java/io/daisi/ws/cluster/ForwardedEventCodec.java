package io.daisi.ws.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.daisi.ws.cluster.proto.ForwardedEvent;
import io.daisi.ws.events.DeliveryPath;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventParser;
import io.daisi.ws.events.EventSubject;
import java.time.Clock;
import java.time.Instant;

/**
 * {@link Event} to {@link ForwardedEvent} (one entry of a {@code PushEvents} batch) and back.
 * Unlike {@code PushEvent}, the event's JSON crosses pods as the bytes the source pod received,
 * so a forwarded event reaches its sockets exactly like a local one (SPEC §4: the payload exactly
 * as received — unknown top-level fields and integers beyond 2^53 included).
 */
final class ForwardedEventCodec {
    /**
     * A source timestamp claiming a longer hop than this is not believed (clocks of two hosts
     * disagree): the receiving pod then counts from its own receipt.
     */
    static final long MAX_BELIEVED_HOP_MICROS = 60_000_000L;

    private ForwardedEventCodec() {
    }

    /**
     * The batch entry for {@code event}, stamped with when this pod received it on {@code clock}
     * ({@code nowNanos} is {@link System#nanoTime()} now, to turn the event's nano time into clock time).
     */
    static ForwardedEvent encode(Event event, Clock clock, long nowNanos) {
        long ageMicros = Math.max(0, (nowNanos - event.receivedAtNanos()) / 1_000);
        return encode(event).toBuilder().setSourceReceivedUnixMicros(unixMicros(clock) - ageMicros).build();
    }

    static ForwardedEvent encode(Event event) {
        EventSubject subject = event.subject();
        // the event's bytes are never modified (Event's contract), so they are shared, not copied
        ByteString json = UnsafeByteOperations.unsafeWrap(event.payloadJson());
        return ForwardedEvent.newBuilder()
                .setEventJson(json)
                .setEventKind(subject.kind().wireName())
                .setTargetCompanyId(subject.company())
                .setTargetAgentId(subject.agent())
                .setTargetChatId(subject.chatId().orElse(""))
                .setStreamSeq(Math.max(0, event.seq()))
                .setRequestId(event.requestId())
                .build();
    }

    /**
     * The event an entry carries, as received at {@code receivedAtNanos}; never throws. The JSON is
     * checked like an event taken from NATS: a peer is trusted to route, not to be well-formed.
     */
    static PushEventCodec.Decoded decode(ForwardedEvent forwarded, long receivedAtNanos) {
        return decode(forwarded, receivedAtNanos, null);
    }

    /**
     * As {@link #decode(ForwardedEvent, long)}; with {@code clock}, an entry stamped by its source pod
     * gets a receive time moved back by the hop (as measured on the two pods' clocks, believed
     * between 0 and {@link #MAX_BELIEVED_HOP_MICROS}), so the delivery latency of a forwarded event
     * counts from when the cluster took it from NATS, as a local event's does.
     */
    static PushEventCodec.Decoded decode(ForwardedEvent forwarded, long receivedAtNanos, Clock clock) {
        long hopMicros = 0;
        if (clock != null && forwarded.getSourceReceivedUnixMicros() > 0) {
            long elapsed = unixMicros(clock) - forwarded.getSourceReceivedUnixMicros();
            hopMicros = elapsed > MAX_BELIEVED_HOP_MICROS ? 0 : Math.max(0, elapsed);
        }
        return decodeAt(forwarded, receivedAtNanos - hopMicros * 1_000);
    }

    private static long unixMicros(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static PushEventCodec.Decoded decodeAt(ForwardedEvent forwarded, long receivedAtNanos) {
        try {
            EventSubject subject = PushEventCodec.subject(forwarded.getEventKind(), forwarded.getTargetCompanyId(),
                    forwarded.getTargetAgentId(), forwarded.getTargetChatId());
            byte[] json = forwarded.getEventJson().toByteArray();
            return switch (EventParser.check(json)) {
                case EventParser.Invalid invalid -> new PushEventCodec.Invalid(invalid.reason());
                case EventParser.Valid valid -> new PushEventCodec.Valid(new Event(subject,
                        Math.max(0, forwarded.getStreamSeq()), json, valid.eventId(), forwarded.getRequestId(),
                        receivedAtNanos, DeliveryPath.FORWARDED));
            };
        } catch (IllegalArgumentException e) {
            return new PushEventCodec.Invalid(e.getMessage());
        }
    }
}
