package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredEventsTest {

    @Test
    void decodesSubjectSequenceBodyAndRequestId() {
        byte[] body = JetStreamTesting.event("e1");
        StoredEvents.Decoded decoded = StoredEvents.decode("ws", "ws.c1.a1.messages.x9", 42, body,
                new Headers().put("X-Request-ID", "req-1"));

        assertThat(decoded).isInstanceOf(StoredEvents.Valid.class);
        Event event = ((StoredEvents.Valid) decoded).event();
        assertThat(event.subject()).isEqualTo(EventSubject.messages("c1", "a1", "x9"));
        assertThat(event.seq()).isEqualTo(42);
        assertThat(event.eventId()).isEqualTo("e1");
        assertThat(event.requestId()).isEqualTo("req-1");
        assertThat(event.payloadJson()).isEqualTo(body);
    }

    @Test
    void generatesARequestIdWhenTheHeaderIsMissing() {
        StoredEvents.Decoded decoded = StoredEvents.decode("ws", "ws.c1.a1.chats", 1, JetStreamTesting.event("e"),
                null);
        assertThat(((StoredEvents.Valid) decoded).event().requestId()).isNotBlank();
    }

    @Test
    void aForeignSubjectOrANonEventBodyIsInvalid() {
        assertThat(StoredEvents.decode("ws", "ws.c1.a1.unknown", 1, JetStreamTesting.event("e"), null))
                .isInstanceOf(StoredEvents.Invalid.class);
        assertThat(StoredEvents.decode("ws", "ws.c1.a1.chats", 1, "not json".getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(new StoredEvents.Invalid("event is not valid JSON"));
        assertThat(StoredEvents.decode("ws", "ws.c1.a1.chats", 1, null, null))
                .isInstanceOf(StoredEvents.Invalid.class);
    }
}
