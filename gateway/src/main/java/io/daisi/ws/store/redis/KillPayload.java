package io.daisi.ws.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kill channel's message: {@code {"new_pod_id":"<pod>","fence":<n>}}. The reference's pods
 * write and read only {@code new_pod_id} (Go's decoder ignores the extra field); this project
 * adds the fence, and reads a message without one as a reference pod's.
 */
final class KillPayload {

    static final String FIELD = "new_pod_id";
    static final String FENCE = "fence";

    /** A decoded message. */
    record Decoded(String newPodId, OptionalLong fence) {
    }

    private KillPayload() {
    }

    static String encode(String newPodId, long fence) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put(FIELD, newPodId);
        message.put(FENCE, fence);
        try {
            return Json.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string and a number always serialise", e);
        }
    }

    /**
     * Empty when the payload is not such an object or the id is missing or blank; a fence that is
     * not a positive integer is treated as absent.
     */
    static Optional<Decoded> decode(String payload) {
        try {
            JsonNode message = Json.mapper().readTree(payload);
            JsonNode id = message.path(FIELD);
            if (!id.isTextual() || id.asText().isBlank()) {
                return Optional.empty();
            }
            JsonNode fence = message.path(FENCE);
            boolean fenced = fence.isIntegralNumber() && fence.canConvertToLong() && fence.asLong() > 0;
            return Optional.of(new Decoded(id.asText(), fenced ? OptionalLong.of(fence.asLong()) : OptionalLong.empty()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
