package io.daisi.ws.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.protocol.Json;
import java.io.IOException;
import java.util.List;

/**
 * Checks that bytes are an event object (SPEC §6): a JSON object with a non-empty
 * string {@code event_id}, string-typed optional ids, and an object (or absent)
 * {@code row_data}. The bytes themselves are kept as they are.
 */
public final class EventParser {
    private static final List<String> OPTIONAL_STRING_FIELDS =
            List.of("event_time", "company_id", "agent_id", "message_id", "chat_id");

    private EventParser() {
    }

    public sealed interface Result {
    }

    public record Valid(String eventId) implements Result {
    }

    public record Invalid(String reason) implements Result {
    }

    public static Result check(byte[] json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException | RuntimeException e) {
            return new Invalid("event is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return new Invalid("event must be a JSON object");
        }
        JsonNode id = root.get("event_id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            return new Invalid("event_id must be a non-empty string");
        }
        for (String field : OPTIONAL_STRING_FIELDS) {
            JsonNode v = root.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                return new Invalid(field + " must be a string");
            }
        }
        JsonNode rowData = root.get("row_data");
        if (rowData != null && !rowData.isNull() && !rowData.isObject()) {
            return new Invalid("row_data must be an object");
        }
        return new Valid(id.asText());
    }
}
