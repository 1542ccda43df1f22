package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.FuzzTally;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Issue 10 item 6, NATS payloads (unit level, jqwik): any stored message decodes to an event or
 * to Invalid (acked and counted, never redelivered), never an exception — non-JSON, missing or
 * wrongly typed fields, huge {@code row_data}. The end-to-end check against a real JetStream is
 * {@code io.daisi.ws.reliability.BadInputIT}.
 */
class StoredEventsProperties {
    private final FuzzTally tally = new FuzzTally();

    @AfterProperty
    void report() {
        tally.report();
    }

    @Provide
    Arbitrary<byte[]> anyPayload() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(10).map(s -> "\"" + s + "\""),
                Arbitraries.of("1", "null", "true", "[]", "{}", "\"\"", "{\"a\":[1,{\"b\":null}]}"));
        Arbitrary<String> event = Combinators.combine(value, value, value, value)
                .as((id, company, chat, row) -> "{\"event_id\":" + id + ",\"company_id\":" + company
                        + ",\"chat_id\":" + chat + ",\"row_data\":" + row + "}");
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                event.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(0, 1_000_000).map(n -> ("{\"event_id\":\"e\",\"row_data\":{\"text\":\""
                        + "x".repeat(n) + "\"}}").getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void anyPayloadIsAnEventOrInvalid(@ForAll("anyPayload") byte[] payload) throws Exception {
        tally.check("unit", "NATS payloads: random bytes, non-JSON, missing/wrong fields, row_data to 1 MB",
                "an event or Invalid (acked, counted), no exception", () -> {
            StoredEvents.Decoded decoded = StoredEvents.decode("websocket", "websocket.c.a.chats", 7, payload, null);
            assertThat(decoded).isNotNull();
            if (decoded instanceof StoredEvents.Valid valid) {
                assertThat(valid.event().eventId()).isNotEmpty();
                assertThat(valid.event().seq()).isEqualTo(7);
            }
        });
    }
}
