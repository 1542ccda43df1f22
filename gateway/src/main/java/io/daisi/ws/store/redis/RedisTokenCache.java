package io.daisi.ws.store.redis;

import io.daisi.ws.auth.TokenCache;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Validated claims under {@code token_cache:...}, shared with the reference's pods. */
public final class RedisTokenCache implements TokenCache {

    private final RedisConnector redis;

    public RedisTokenCache(RedisConnector redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public CompletionStage<Optional<String>> get(String key) {
        return redis.call(r -> r.get(key)).thenApply(Optional::ofNullable);
    }

    /** A non-positive TTL deletes the key, as the value would be stale at once (like the in-memory cache). */
    @Override
    public CompletionStage<Void> put(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            return redis.call(r -> r.del(key)).thenApply(deleted -> null);
        }
        return redis.setWithExpiry(key, value, ttl);
    }
}
