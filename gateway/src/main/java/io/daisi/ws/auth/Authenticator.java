package io.daisi.ws.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a presented token into claims: the cache first, then decryption and validation, then the
 * cache is told (without waiting). The cache only saves work: when it fails, decryption answers.
 *
 * <p>Never blocks. Continuations may run on the cache's completing thread; what they do there
 * (one AES-GCM open and a small JSON parse) is short enough for an event loop.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final Kind<UserClaims> user;
    private final Kind<AdminClaims> admin;
    private final TokenCache cache;
    private final Clock clock;

    /** The TTLs are read at each put, so a configuration reload applies to the next token. */
    public Authenticator(TokenCodec userCodec, TokenCodec adminCodec, TokenCache cache, Clock clock,
            Supplier<Duration> userCacheTtl, Supplier<Duration> adminCacheTtl) {
        this.user = new Kind<>("user", Objects.requireNonNull(userCodec, "userCodec"),
                TokenCache::userKey, Objects.requireNonNull(userCacheTtl, "userCacheTtl"), ClaimsJson::readUser);
        this.admin = new Kind<>("admin", Objects.requireNonNull(adminCodec, "adminCodec"),
                TokenCache::adminKey, Objects.requireNonNull(adminCacheTtl, "adminCacheTtl"), ClaimsJson::readAdmin);
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CompletionStage<AuthResult<UserClaims>> authenticateUser(String token) {
        return authenticate(user, token);
    }

    public CompletionStage<AuthResult<AdminClaims>> authenticateAdmin(String token) {
        return authenticate(admin, token);
    }

    /** What differs between user and admin tokens; the procedure is the same. */
    private record Kind<C extends Claims>(
            String name,
            TokenCodec codec,
            Function<String, String> cacheKey,
            Supplier<Duration> cacheTtl,
            Function<byte[], Optional<C>> reader) {
    }

    private <C extends Claims> CompletionStage<AuthResult<C>> authenticate(Kind<C> kind, String token) {
        if (token == null || token.isEmpty()) {
            return CompletableFuture.completedFuture(new AuthResult.Invalid<>(AuthFailure.MISSING));
        }
        String key = kind.cacheKey().apply(token);
        return cached(kind, key, token).thenApply(hit -> hit
                .<AuthResult<C>>map(claims -> new AuthResult.Valid<>(claims, true))
                .orElseGet(() -> decrypt(kind, key, token)));
    }

    /** Empty on a miss, on an unreadable or expired entry, and on any cache failure. */
    private <C extends Claims> CompletionStage<Optional<C>> cached(Kind<C> kind, String key, String token) {
        return attempt(() -> cache.get(key)).handle((value, error) -> {
            if (error != null) {
                LOG.warn("token cache get failed for {} token {}; validating by decryption",
                        kind.name(), Sha256Hex.fingerprint(token), error);
                return Optional.empty();
            }
            return value
                    .flatMap(json -> kind.reader().apply(json.getBytes(StandardCharsets.UTF_8)))
                    .filter(claims -> !claims.isExpiredAt(clock.instant()));
        });
    }

    private <C extends Claims> AuthResult<C> decrypt(Kind<C> kind, String key, String token) {
        AuthResult<C> result = switch (kind.codec().tryOpen(token)) {
            case TokenCodec.Opening.Refused refused -> new AuthResult.Invalid<>(refused.reason());
            case TokenCodec.Opening.Opened opened -> kind.reader().apply(opened.plaintext())
                    .<AuthResult<C>>map(claims -> claims.isExpiredAt(clock.instant())
                            ? new AuthResult.Invalid<>(AuthFailure.EXPIRED)
                            : new AuthResult.Valid<>(claims, false))
                    .orElseGet(() -> new AuthResult.Invalid<>(AuthFailure.INVALID_CLAIMS));
        };
        if (result instanceof AuthResult.Valid<C> valid) {
            remember(kind, key, token, valid.claims());
        }
        return result;
    }

    /** Fire and forget: the caller has its answer whether or not the cache takes it. */
    private void remember(Kind<?> kind, String key, String token, Claims claims) {
        Duration ttl = kind.cacheTtl().get();
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            return; // a zero TTL turns caching off
        }
        attempt(() -> cache.put(key, ClaimsJson.write(claims), ttl)).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("token cache put failed for {} token {}", kind.name(), Sha256Hex.fingerprint(token), error);
            }
        });
    }

    /** An adapter that throws instead of failing its stage is treated the same as one that fails it. */
    private static <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> call) {
        try {
            return Objects.requireNonNull(call.get(), "token cache returned no stage");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
