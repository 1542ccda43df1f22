package io.daisi.ws.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON form of claims shared with the reference service, in token plaintexts and in cache
 * values. Writing follows Go's {@code encoding/json}: struct field order, {@code omitempty}
 * optional fields, RFC3339Nano UTC times. Reading follows what Go accepts: unknown fields are
 * ignored, {@code null} reads as empty, a value of the wrong type or trailing data refuses the whole.
 */
public final class ClaimsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String COMPANY_ID = "company_id";
    private static final String AGENT_ID = "agent_id";
    private static final String USER_ID = "user_id";
    private static final String ADMIN_ID = "admin_id";
    private static final String EXPIRES_AT = "expires_at";
    private static final String SUBSCRIBED_COMPANY_ID = "subscribed_company_id";
    private static final String SUBSCRIBED_AGENT_ID = "subscribed_agent_id";
    private static final String COMPANY_ID_RESTRICTION = "company_id_restriction";

    private ClaimsJson() {
    }

    public static String write(Claims claims) {
        ObjectNode json = MAPPER.createObjectNode();
        switch (claims) {
            case UserClaims user -> json
                    .put(COMPANY_ID, user.companyId())
                    .put(AGENT_ID, user.agentId())
                    .put(USER_ID, user.userId())
                    .put(EXPIRES_AT, GoTime.format(user.expiresAt()));
            // The reference's admin struct declares expires_at second, as its tokens show.
            case AdminClaims admin -> {
                json.put(ADMIN_ID, admin.adminId()).put(EXPIRES_AT, GoTime.format(admin.expiresAt()));
                admin.subscribedCompanyId().ifPresent(v -> json.put(SUBSCRIBED_COMPANY_ID, v));
                admin.subscribedAgentId().ifPresent(v -> json.put(SUBSCRIBED_AGENT_ID, v));
                admin.companyIdRestriction().ifPresent(v -> json.put(COMPANY_ID_RESTRICTION, v));
            }
        }
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** Empty unless a JSON object with non-empty ids and a well-formed expiry; expiry itself is not judged. */
    public static Optional<UserClaims> readUser(byte[] json) {
        return read(json, o -> new UserClaims(
                requiredId(o, COMPANY_ID), requiredId(o, AGENT_ID), requiredId(o, USER_ID), expiresAt(o)));
    }

    /** Empty unless a JSON object with a non-empty admin_id and a well-formed expiry. */
    public static Optional<AdminClaims> readAdmin(byte[] json) {
        return read(json, o -> new AdminClaims(
                requiredId(o, ADMIN_ID),
                Optional.of(string(o, SUBSCRIBED_COMPANY_ID)),
                Optional.of(string(o, SUBSCRIBED_AGENT_ID)),
                Optional.of(string(o, COMPANY_ID_RESTRICTION)),
                expiresAt(o)));
    }

    private static <C extends Claims> Optional<C> read(byte[] json, FieldReader<C> reader) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
        if (tree == null || !tree.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.read(tree));
        } catch (NotClaims e) {
            return Optional.empty();
        }
    }

    /** Go leaves a string field empty for an absent key or a JSON null, and fails on any other type. */
    private static String string(JsonNode object, String name) throws NotClaims {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw NotClaims.INSTANCE;
        }
        return value.textValue();
    }

    private static String requiredId(JsonNode object, String name) throws NotClaims {
        String id = string(object, name);
        if (id.isEmpty()) {
            throw NotClaims.INSTANCE;
        }
        return id;
    }

    private static Instant expiresAt(JsonNode object) throws NotClaims {
        return GoTime.parse(string(object, EXPIRES_AT)).orElseThrow(() -> NotClaims.INSTANCE);
    }

    @FunctionalInterface
    private interface FieldReader<C> {
        C read(JsonNode object) throws NotClaims;
    }

    /** Control flow out of the field readers; shared and stackless because it carries nothing. */
    private static final class NotClaims extends Exception {
        static final NotClaims INSTANCE = new NotClaims();

        private NotClaims() {
            super(null, null, false, false);
        }
    }
}
