package io.daisi.ws.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.protocol.Json;
import java.io.IOException;
import java.util.Optional;

/** Strict reading of request bodies: typed fields or a message saying what is wrong. */
final class JsonBodies {
    private JsonBodies() {
    }

    /** Thrown for a body the endpoint cannot accept; the message goes into the 400 response. */
    static final class BadBody extends Exception {
        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    static JsonNode object(byte[] body) throws BadBody {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new BadBody("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BadBody("body must be a JSON object");
        }
        return root;
    }

    static Optional<String> optionalString(JsonNode root, String field) throws BadBody {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new BadBody(field + " must be a string");
        }
        return Optional.of(v.asText()).filter(s -> !s.isEmpty());
    }

    static String requiredString(JsonNode root, String field) throws BadBody {
        return optionalString(root, field).orElseThrow(() -> new BadBody(field + " is required and must be a non-empty string"));
    }

    /** A whole number of seconds, or empty when absent. */
    static Optional<Long> optionalLong(JsonNode root, String field) throws BadBody {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadBody(field + " must be a whole number");
        }
        return Optional.of(v.asLong());
    }
}
