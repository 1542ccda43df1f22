package io.daisi.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daisi.ws.store.memory.InMemoryTokenCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens the reference service made, through our whole authentication path. */
class TokenFixturesTest {

    private static final JsonNode FIXTURES = load();
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** The fixtures explain refusals in prose; each explanation maps to one failure. */
    private static final Map<String, AuthFailure> REASONS = Map.ofEntries(
            Map.entry("expired", AuthFailure.EXPIRED),
            Map.entry("missing user_id", AuthFailure.INVALID_CLAIMS),
            Map.entry("empty agent_id", AuthFailure.INVALID_CLAIMS),
            Map.entry("missing expires_at", AuthFailure.INVALID_CLAIMS),
            Map.entry("missing admin_id", AuthFailure.INVALID_CLAIMS),
            Map.entry("plaintext is not JSON", AuthFailure.INVALID_CLAIMS),
            Map.entry("encrypted with another key", AuthFailure.DECRYPTION_FAILED),
            Map.entry("encrypted with the admin key", AuthFailure.DECRYPTION_FAILED),
            Map.entry("encrypted with the user key", AuthFailure.DECRYPTION_FAILED),
            Map.entry("ciphertext modified", AuthFailure.DECRYPTION_FAILED),
            Map.entry("shorter than a nonce", AuthFailure.MALFORMED),
            Map.entry("not base64url", AuthFailure.MALFORMED));

    static Stream<Arguments> cases() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .map(c -> Arguments.argumentSet(c.get("name").asText(), c));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void referenceTokenAuthenticatesAsExpected(JsonNode fixture) {
        Authenticator authenticator = authenticator();
        String token = fixture.get("token").asText();
        boolean admin = fixture.get("kind").asText().equals("admin");

        AuthResult<? extends Claims> result = authenticate(authenticator, admin, token);

        if (fixture.get("valid").asBoolean()) {
            assertThat(result).isInstanceOf(AuthResult.Valid.class);
            Claims claims = ((AuthResult.Valid<? extends Claims>) result).claims();
            assertThat(claims).isEqualTo(expectedClaims(admin, fixture.get("expected_claims")));
            assertThat(authenticate(authenticator, admin, token))
                    .as("the second time: decrypted again (the cache is read only for tokens the key cannot open)")
                    .isEqualTo(new AuthResult.Valid<>(claims, false));
        } else {
            String reason = fixture.get("reason").asText();
            assertThat(REASONS).as("known fixture reason").containsKey(reason);
            assertThat(result).isEqualTo(new AuthResult.Invalid<>(REASONS.get(reason)));
        }
    }

    private static Authenticator authenticator() {
        return new Authenticator(
                new TokenCodec(TokenKey.fromHex(FIXTURES.get("user_token_aes_key").asText())),
                new TokenCodec(TokenKey.fromHex(FIXTURES.get("admin_token_aes_key").asText())),
                new InMemoryTokenCache(NOW, 100), NOW,
                () -> Duration.ofMinutes(5), () -> Duration.ofMinutes(5));
    }

    private static AuthResult<? extends Claims> authenticate(Authenticator authenticator, boolean admin, String token) {
        return (admin ? authenticator.authenticateAdmin(token) : authenticator.authenticateUser(token))
                .toCompletableFuture().join();
    }

    /** Built from the fixture by hand, not by {@link ClaimsJson}, so the reader is what is under test. */
    private static Claims expectedClaims(boolean admin, JsonNode json) {
        Instant expiresAt = OffsetDateTime.parse(json.get("expires_at").asText()).toInstant();
        if (admin) {
            return new AdminClaims(json.get("admin_id").asText(),
                    optional(json, "subscribed_company_id"),
                    optional(json, "subscribed_agent_id"),
                    optional(json, "company_id_restriction"),
                    expiresAt);
        }
        return new UserClaims(json.get("company_id").asText(), json.get("agent_id").asText(),
                json.get("user_id").asText(), expiresAt);
    }

    private static Optional<String> optional(JsonNode json, String field) {
        return Optional.ofNullable(json.get(field)).map(JsonNode::asText);
    }

    private static JsonNode load() {
        try (InputStream in = TokenFixturesTest.class.getResourceAsStream("/fixtures/tokens.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
