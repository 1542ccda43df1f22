package io.daisi.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration HOUR = Duration.ofHours(1);

    private final TokenCodec userCodec = new TokenCodec(TestKeys.USER);
    private final TokenCodec adminCodec = new TokenCodec(TestKeys.ADMIN);
    private final TokenIssuer issuer = new TokenIssuer(userCodec, adminCodec, CLOCK);
    private final AtomicReference<Duration> userTtl = new AtomicReference<>(Duration.ofSeconds(300));
    private final AtomicReference<Duration> adminTtl = new AtomicReference<>(Duration.ofSeconds(60));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(Authenticator.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(Authenticator.class)).detachAppender(logs);
    }

    @Test
    void issuedUserTokenAuthenticatesAndIsCached() {
        RecordingCache cache = new RecordingCache();
        String token = issuer.issueUser("c1", "a1", "u1", HOUR);

        AuthResult<UserClaims> result = join(authenticator(cache).authenticateUser(token));

        UserClaims expected = new UserClaims("c1", "a1", "u1", NOW.plus(HOUR));
        assertThat(result).isEqualTo(new AuthResult.Valid<>(expected, false));
        assertThat(cache.puts).containsExactly(
                new Put("token_cache:" + sha256Hex(token), ClaimsJson.write(expected), Duration.ofSeconds(300)));
    }

    @Test
    void issuedAdminTokenAuthenticatesAndIsCachedUnderItsOwnKey() {
        RecordingCache cache = new RecordingCache();
        String token = issuer.issueAdmin("root", HOUR, "c1", "", "c1");

        AuthResult<AdminClaims> result = join(authenticator(cache).authenticateAdmin(token));

        AdminClaims expected = new AdminClaims("root", Optional.of("c1"), Optional.empty(), Optional.of("c1"), NOW.plus(HOUR));
        assertThat(result).isEqualTo(new AuthResult.Valid<>(expected, false));
        assertThat(cache.puts).containsExactly(
                new Put("token_cache:" + sha256Hex("admin_" + token), ClaimsJson.write(expected), Duration.ofSeconds(60)));
    }

    @Test
    void unpaddedTokensAreAccepted() {
        String user = issuer.issueUser("c12", "a1", "u1", HOUR);
        String admin = issuer.issueAdmin("root", HOUR, "", "", "");
        assertThat(user).as("precondition: padded").endsWith("=");
        assertThat(admin).as("precondition: padded").endsWith("=");

        Authenticator authenticator = authenticator(new RecordingCache());

        assertThat(join(authenticator.authenticateUser(user.replace("=", "")))).isInstanceOf(AuthResult.Valid.class);
        assertThat(join(authenticator.authenticateAdmin(admin.replace("=", "")))).isInstanceOf(AuthResult.Valid.class);
    }

    @Test
    void cacheKeysAreThePrefixAndLowercaseSha256Hex() {
        String sha256OfAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        assertThat(TokenCache.userKey("abc")).isEqualTo("token_cache:" + sha256OfAbc);
        assertThat(TokenCache.adminKey("abc")).isEqualTo("token_cache:" + sha256Hex("admin_abc"));
    }

    @Test
    void aTokenTheKeyOpensIsValidatedWithoutReadingTheCache() {
        RecordingCache cache = new RecordingCache();
        String token = issuer.issueUser("c", "a", "u", HOUR);

        assertThat(join(authenticator(cache).authenticateUser(token)))
                .isEqualTo(new AuthResult.Valid<>(new UserClaims("c", "a", "u", NOW.plus(HOUR)), false));
        assertThat(cache.gets).as("no Redis round trip before the answer").isEmpty();
        assertThat(cache.puts).hasSize(1);
    }

    @Test
    void aTokenTheKeyCannotOpenIsAnsweredFromTheCache() {
        RecordingCache cache = new RecordingCache();
        String notEvenAToken = "this cannot be decrypted";
        UserClaims user = new UserClaims("c", "a", "u", NOW.plusSeconds(1));
        AdminClaims admin = new AdminClaims("root", Optional.empty(), Optional.empty(), Optional.empty(), NOW.plusSeconds(1));
        cache.values.put(TokenCache.userKey(notEvenAToken), ClaimsJson.write(user));
        cache.values.put(TokenCache.adminKey(notEvenAToken), ClaimsJson.write(admin));

        assertThat(join(authenticator(cache).authenticateUser(notEvenAToken))).isEqualTo(new AuthResult.Valid<>(user, true));
        assertThat(join(authenticator(cache).authenticateAdmin(notEvenAToken))).isEqualTo(new AuthResult.Valid<>(admin, true));
        assertThat(cache.puts).isEmpty();
    }

    @Test
    void userCacheEntryDoesNotServeAnAdmin() {
        RecordingCache cache = new RecordingCache();
        String token = "shared-token-text";
        cache.values.put(TokenCache.userKey(token),
                "{\"admin_id\":\"root\",\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_at\":\"2099-01-01T00:00:00Z\"}");

        assertThat(join(authenticator(cache).authenticateAdmin(token))).isEqualTo(new AuthResult.Invalid<>(AuthFailure.MALFORMED));
    }

    @Test
    void expiredCacheEntryIsAMiss() {
        RecordingCache cache = new RecordingCache();
        String notEvenAToken = "this cannot be decrypted";
        cache.values.put(TokenCache.userKey(notEvenAToken), ClaimsJson.write(new UserClaims("stale", "a", "u", NOW)));

        assertThat(join(authenticator(cache).authenticateUser(notEvenAToken)))
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.MALFORMED));
        assertThat(cache.puts).isEmpty();
    }

    @Test
    void decryptionAnswersEvenWhenTheCacheHoldsOtherClaimsForTheToken() {
        RecordingCache cache = new RecordingCache();
        String token = issuer.issueUser("c", "a", "u", HOUR);
        cache.values.put(TokenCache.userKey(token), ClaimsJson.write(new UserClaims("stale", "a", "u", NOW)));

        AuthResult<UserClaims> result = join(authenticator(cache).authenticateUser(token));

        assertThat(result).isEqualTo(new AuthResult.Valid<>(new UserClaims("c", "a", "u", NOW.plus(HOUR)), false));
        assertThat(cache.puts).hasSize(1);
    }

    @Test
    void unreadableCacheEntryIsAMiss() {
        RecordingCache cache = new RecordingCache();
        String notEvenAToken = "this cannot be decrypted";
        cache.values.put(TokenCache.userKey(notEvenAToken), "garbage");

        assertThat(join(authenticator(cache).authenticateUser(notEvenAToken)))
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.MALFORMED));
    }

    @Test
    void failingCacheStillValidatesAndWarnsWithoutTheToken() {
        String token = issuer.issueUser("c", "a", "u", HOUR);
        TokenCache failing = new TokenCache() {
            @Override
            public CompletionStage<Optional<String>> get(String key) {
                return CompletableFuture.failedFuture(new IllegalStateException("redis down"));
            }

            @Override
            public CompletionStage<Void> put(String key, String value, Duration ttl) {
                return CompletableFuture.failedFuture(new IllegalStateException("redis down"));
            }
        };

        String notEvenAToken = "this cannot be decrypted";

        assertThat(join(authenticator(failing).authenticateUser(token)))
                .isEqualTo(new AuthResult.Valid<>(new UserClaims("c", "a", "u", NOW.plus(HOUR)), false));
        assertThat(join(authenticator(failing).authenticateUser(notEvenAToken)))
                .as("a token the key cannot open, and no cache to ask")
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.MALFORMED));
        assertThat(logs.list).as("the put, then the get").hasSize(2);
        assertThat(logs.list.get(0).getFormattedMessage()).contains(sha256Hex(token).substring(0, 12));
        assertThat(logs.list.get(1).getFormattedMessage()).contains(sha256Hex(notEvenAToken).substring(0, 12));
        assertThat(logs.list).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertNoSecret(event, token);
            assertNoSecret(event, notEvenAToken);
        });
    }

    @Test
    void cacheThatThrowsInsteadOfFailingItsStageStillValidates() {
        String token = issuer.issueAdmin("root", HOUR, "", "", "");
        TokenCache throwing = new TokenCache() {
            @Override
            public CompletionStage<Optional<String>> get(String key) {
                throw new IllegalStateException("pool exhausted");
            }

            @Override
            public CompletionStage<Void> put(String key, String value, Duration ttl) {
                throw new IllegalStateException("pool exhausted");
            }
        };

        assertThat(join(authenticator(throwing).authenticateAdmin(token))).isInstanceOf(AuthResult.Valid.class);
        assertThat(join(authenticator(throwing).authenticateAdmin("this cannot be decrypted")))
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.MALFORMED));
        assertThat(logs.list).hasSize(2).allSatisfy(event -> assertNoSecret(event, token));
    }

    @Test
    void cacheTtlIsReadAtEachPut() {
        RecordingCache cache = new RecordingCache();
        Authenticator authenticator = authenticator(cache);

        join(authenticator.authenticateUser(issuer.issueUser("c", "a", "u", HOUR)));
        userTtl.set(Duration.ofSeconds(42));
        join(authenticator.authenticateUser(issuer.issueUser("c", "a", "u", HOUR)));
        join(authenticator.authenticateAdmin(issuer.issueAdmin("root", HOUR, "", "", "")));

        assertThat(cache.puts).extracting(Put::ttl)
                .containsExactly(Duration.ofSeconds(300), Duration.ofSeconds(42), Duration.ofSeconds(60));
    }

    @Test
    void zeroTtlTurnsCachingOff() {
        RecordingCache cache = new RecordingCache();
        userTtl.set(Duration.ZERO);

        AuthResult<UserClaims> result = join(authenticator(cache).authenticateUser(issuer.issueUser("c", "a", "u", HOUR)));

        assertThat(result).isInstanceOf(AuthResult.Valid.class);
        assertThat(cache.puts).isEmpty();
    }

    @Test
    void expiredTokenIsRefusedAndNotCached() {
        RecordingCache cache = new RecordingCache();
        TokenIssuer earlier = new TokenIssuer(userCodec, adminCodec, Clock.fixed(NOW.minus(HOUR), ZoneOffset.UTC));

        assertThat(join(authenticator(cache).authenticateUser(earlier.issueUser("c", "a", "u", HOUR))))
                .as("expiring exactly now")
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.EXPIRED));
        assertThat(join(authenticator(cache).authenticateAdmin(earlier.issueAdmin("root", Duration.ofMinutes(1), "", "", ""))))
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.EXPIRED));
        assertThat(cache.puts).isEmpty();
    }

    @Test
    void tokenOfTheOtherKindIsRefused() {
        RecordingCache cache = new RecordingCache();

        assertThat(join(authenticator(cache).authenticateAdmin(issuer.issueUser("c", "a", "u", HOUR))))
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.DECRYPTION_FAILED));
        assertThat(cache.puts).isEmpty();
    }

    @Test
    void undecryptableClaimsAreInvalid() {
        RecordingCache cache = new RecordingCache();

        assertThat(join(authenticator(cache).authenticateUser(userCodec.seal("{\"company_id\":\"c\"}"))))
                .isEqualTo(new AuthResult.Invalid<>(AuthFailure.INVALID_CLAIMS));
    }

    @Test
    void missingTokenIsRefusedWithoutAskingTheCache() {
        RecordingCache cache = new RecordingCache();

        assertThat(join(authenticator(cache).authenticateUser(""))).isEqualTo(new AuthResult.Invalid<>(AuthFailure.MISSING));
        assertThat(join(authenticator(cache).authenticateAdmin(null))).isEqualTo(new AuthResult.Invalid<>(AuthFailure.MISSING));
        assertThat(cache.gets).isEmpty();
    }

    @Test
    void waitsForTheCacheWithoutBlocking() {
        CompletableFuture<Optional<String>> pending = new CompletableFuture<>();
        RecordingCache cache = new RecordingCache() {
            @Override
            public CompletionStage<Optional<String>> get(String key) {
                return pending;
            }
        };
        String notEvenAToken = "this cannot be decrypted";
        UserClaims cached = new UserClaims("c", "a", "u", NOW.plus(HOUR));

        CompletableFuture<AuthResult<UserClaims>> result =
                authenticator(cache).authenticateUser(notEvenAToken).toCompletableFuture();

        assertThat(result).isNotDone();
        pending.complete(Optional.of(ClaimsJson.write(cached)));
        assertThat(result).isCompletedWithValue(new AuthResult.Valid<>(cached, true));
    }

    private Authenticator authenticator(TokenCache cache) {
        return new Authenticator(userCodec, adminCodec, cache, CLOCK, userTtl::get, adminTtl::get);
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static void assertNoSecret(ILoggingEvent event, String token) {
        String text = event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
        assertThat(text).doesNotContain(token).doesNotContain(token.substring(0, 16));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private record Put(String key, String value, Duration ttl) {
    }

    private static class RecordingCache implements TokenCache {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final List<String> gets = new CopyOnWriteArrayList<>();
        final List<Put> puts = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Optional<String>> get(String key) {
            gets.add(key);
            return CompletableFuture.completedFuture(Optional.ofNullable(values.get(key)));
        }

        @Override
        public CompletionStage<Void> put(String key, String value, Duration ttl) {
            puts.add(new Put(key, value, ttl));
            values.put(key, value);
            return CompletableFuture.completedFuture(null);
        }
    }
}
