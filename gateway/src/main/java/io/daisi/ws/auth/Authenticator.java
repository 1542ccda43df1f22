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
 * Turns a presented token into claims: decryption and validation first, then the cache is told
 * (without waiting), for every pod that reads it (SPEC §3; the reference reads it first). This
 * pod reads the cache only for a token its key cannot open. Opening a token costs a few
 * microseconds; a cache read is a Redis round trip on every handshake, and with a fresh token it
 * never hits (docs/DECISIONS.md). When the cache fails, decryption has already answered.
 *
 * <p>Never blocks: decryption runs on the caller's thread (one AES-GCM open and a small JSON parse,
 * short enough for an event loop).
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
        return switch (kind.codec().tryOpen(token)) {
            case TokenCodec.Opening.Opened opened -> CompletableFuture.completedFuture(validate(kind, token, opened));
            // A token this pod's key cannot open: the cache may still hold its claims, written by a pod
            // that could (the reference's cache-first order accepted such a token, so this does too).
            // A token the key opened needs no cache: its claims and expiry would be the same there.
            case TokenCodec.Opening.Refused refused -> cached(kind, kind.cacheKey().apply(token), token)
                    .thenApply(hit -> hit.<AuthResult<C>>map(claims -> new AuthResult.Valid<>(claims, true))
                            .orElseGet(() -> new AuthResult.Invalid<>(refused.reason())));
        };
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

    private <C extends Claims> AuthResult<C> validate(Kind<C> kind, String token, TokenCodec.Opening.Opened opened) {
        AuthResult<C> result = kind.reader().apply(opened.plaintext())
                .<AuthResult<C>>map(claims -> claims.isExpiredAt(clock.instant())
                        ? new AuthResult.Invalid<>(AuthFailure.EXPIRED)
                        : new AuthResult.Valid<>(claims, false))
                .orElseGet(() -> new AuthResult.Invalid<>(AuthFailure.INVALID_CLAIMS));
        if (result instanceof AuthResult.Valid<C> valid) {
            remember(kind, kind.cacheKey().apply(token), token, valid.claims());
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
