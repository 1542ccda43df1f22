package io.daisi.ws.store.redis;

import io.daisi.ws.routing.RouteRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Route keys ({@code route:...}) as sets of pod ids, each with an expiry so that a crashed pod's
 * entries vanish with the key when no live pod renews it.
 */
public final class RedisRouteRegistry implements RouteRegistry {

    private final RedisConnector redis;
    private final String podId;
    private final Supplier<Duration> routeTtl;

    /** {@code routeTtl} is read at each registration, so a reloaded configuration applies at once. */
    public RedisRouteRegistry(RedisConnector redis, String podId, Supplier<Duration> routeTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.podId = Objects.requireNonNull(podId, "podId");
        this.routeTtl = Objects.requireNonNull(routeTtl, "routeTtl");
    }

    /** SADD and EXPIRE at once, so the key has an expiry even if it existed without one. */
    @Override
    public CompletionStage<Void> register(String routeKey) {
        return addWithExpiry(routeKey, ExpirySeconds.of(routeTtl.get())).thenApply(reply -> null);
    }

    @Override
    public CompletionStage<Void> unregister(String routeKey) {
        return removePod(routeKey, podId);
    }

    @Override
    public CompletionStage<Set<String>> pods(String routeKey) {
        return redis.call(r -> r.smembers(routeKey)).thenApply(Set::copyOf);
    }

    /** One SMEMBERS per key, pipelined: the whole lookup costs one round trip for up to {@link Batches#SIZE} keys. */
    @Override
    public CompletionStage<Map<String, Set<String>>> pods(Collection<String> routeKeys) {
        return Batches.each(routeKeys, this::pods);
    }

    @Override
    public CompletionStage<Void> refresh(Map<String, Duration> ttlByKey) {
        return Batches.each(ttlByKey.entrySet(),
                entry -> addWithExpiry(entry.getKey(), ExpirySeconds.of(entry.getValue()))).thenApply(replies -> null);
    }

    @Override
    public CompletionStage<Void> removePod(String routeKey, String deadPodId) {
        return redis.call(r -> r.srem(routeKey, deadPodId)).thenApply(removed -> null);
    }

    private CompletionStage<Long> addWithExpiry(String routeKey, long seconds) {
        return RedisScripts.ADD_AND_EXPIRE.run(redis, routeKey, podId, Long.toString(seconds));
    }
}
