package io.daisi.ws.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Parses one text frame into a {@link ClientMessage}; never throws. */
public final class ClientMessageParser {
    /** Chat ids end up in NATS subjects and Redis keys: keep them to a safe token. */
    static final int MAX_CHAT_ID_LENGTH = 256;

    private ClientMessageParser() {
    }

    public static ClientMessage parse(byte[] utf8) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(utf8);
        } catch (IOException | RuntimeException e) {
            return new ClientMessage.Invalid("message is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return new ClientMessage.Invalid("message must be a JSON object");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            return new ClientMessage.Invalid("message has no \"type\"");
        }
        return switch (type.asText()) {
            case "select_chat" -> parseSelectChat(root.get("payload"));
            default -> new ClientMessage.Invalid("unknown message type");
        };
    }

    private static ClientMessage parseSelectChat(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return new ClientMessage.Invalid("select_chat needs a payload object");
        }
        JsonNode chatId = payload.get("chat_id");
        if (chatId == null || !chatId.isTextual() || chatId.asText().isEmpty()) {
            return new ClientMessage.Invalid("select_chat needs a non-empty payload.chat_id");
        }
        String id = chatId.asText();
        if (!SubjectTokens.isValidToken(id) || id.length() > MAX_CHAT_ID_LENGTH) {
            return new ClientMessage.Invalid("chat_id contains characters not allowed in a subject");
        }
        return new ClientMessage.SelectChat(id);
    }
}
