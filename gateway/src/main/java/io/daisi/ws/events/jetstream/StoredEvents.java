package io.daisi.ws.events.jetstream;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventParser;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.observability.RequestIds;
import io.nats.client.impl.Headers;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stored JetStream message into an {@link Event}, the same way for consumed,
 * last-message and replayed messages: subject under the prefix, event JSON, request id from
 * the {@code X-Request-ID} header (generated when absent), stream sequence.
 */
final class StoredEvents {
    static final String REQUEST_ID_HEADER = "X-Request-ID";

    private StoredEvents() {
    }

    sealed interface Decoded {
    }

    record Valid(Event event) implements Decoded {
    }

    /** Not an event of ours; {@code reason} names what is wrong, never the body. */
    record Invalid(String reason) implements Decoded {
    }

    static Decoded decode(String prefix, String subject, long seq, byte[] data, Headers headers) {
        Optional<EventSubject> parsed = EventSubject.parse(prefix, subject);
        if (parsed.isEmpty()) {
            return new Invalid("subject is not " + prefix + ".<company>.<agent>.<chats|agents|messages.<chat_id>>");
        }
        byte[] body = data == null ? new byte[0] : data;
        return switch (EventParser.check(body)) {
            case EventParser.Invalid invalid -> new Invalid(invalid.reason());
            case EventParser.Valid valid -> new Valid(new Event(parsed.get(), seq, body, valid.eventId(),
                    requestId(headers), System.nanoTime()));
        };
    }

    private static String requestId(Headers headers) {
        if (headers == null) {
            return RequestIds.generate();
        }
        List<String> values = headers.getIgnoreCase(REQUEST_ID_HEADER);
        return RequestIds.orGenerate(values == null || values.isEmpty() ? null : values.get(0));
    }
}
