package io.daisi.ws.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.protocol.Json;
import java.util.Map;
import java.util.Optional;

/** The kill channel's message, {@code {"new_pod_id":"<pod>"}}, as the reference's pods write it. */
final class KillPayload {

    static final String FIELD = "new_pod_id";

    private KillPayload() {
    }

    static String encode(String newPodId) {
        try {
            return Json.mapper().writeValueAsString(Map.of(FIELD, newPodId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a one-string object always serialises", e);
        }
    }

    /** The new pod id; empty when the payload is not such an object or the id is missing or blank. */
    static Optional<String> decode(String payload) {
        try {
            JsonNode id = Json.mapper().readTree(payload).path(FIELD);
            return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
