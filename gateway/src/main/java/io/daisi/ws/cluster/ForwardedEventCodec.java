package io.daisi.ws.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.daisi.ws.cluster.proto.ForwardedEvent;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventParser;
import io.daisi.ws.events.EventSubject;

/**
 * {@link Event} to {@link ForwardedEvent} (one entry of a {@code PushEvents} batch) and back.
 * Unlike {@code PushEvent}, the event's JSON crosses pods as the bytes the source pod received,
 * so a forwarded event reaches its sockets exactly like a local one (SPEC §4: the payload exactly
 * as received — unknown top-level fields and integers beyond 2^53 included).
 */
final class ForwardedEventCodec {

    private ForwardedEventCodec() {
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
        try {
            EventSubject subject = PushEventCodec.subject(forwarded.getEventKind(), forwarded.getTargetCompanyId(),
                    forwarded.getTargetAgentId(), forwarded.getTargetChatId());
            byte[] json = forwarded.getEventJson().toByteArray();
            return switch (EventParser.check(json)) {
                case EventParser.Invalid invalid -> new PushEventCodec.Invalid(invalid.reason());
                case EventParser.Valid valid -> new PushEventCodec.Valid(new Event(subject,
                        Math.max(0, forwarded.getStreamSeq()), json, valid.eventId(), forwarded.getRequestId(),
                        receivedAtNanos));
            };
        } catch (IllegalArgumentException e) {
            return new PushEventCodec.Invalid(e.getMessage());
        }
    }
}
