package io.daisi.ws.store.redis;

import io.daisi.ws.routing.PodDirectory;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Pod liveness (SPEC §6): {@code pod:{pod_id}} holds the pod's gRPC address while the pod renews
 * it; a pod whose key expired is dead.
 */
public final class RedisPodHeartbeat implements PodDirectory {

    static final String KEY_PREFIX = "pod:";

    private final RedisConnector redis;

    public RedisPodHeartbeat(RedisConnector redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    public static String key(String podId) {
        return KEY_PREFIX + podId;
    }

    @Override
    public CompletionStage<Void> beat(String podId, String grpcAddress, Duration ttl) {
        return redis.setWithExpiry(key(podId), grpcAddress, ttl);
    }

    /** The pod's gRPC address; empty when the pod is dead. */
    public CompletionStage<Optional<String>> address(String podId) {
        return redis.call(r -> r.get(key(podId))).thenApply(Optional::ofNullable);
    }

    /** Each pod's address in one MGET, in the order given; empty for dead pods. */
    @Override
    public CompletionStage<Map<String, Optional<String>>> addresses(Collection<String> podIds) {
        return MultiGet.values(redis, podIds, RedisPodHeartbeat::key);
    }

    @Override
    public CompletionStage<Void> remove(String podId) {
        return redis.call(r -> r.del(key(podId))).thenApply(deleted -> null);
    }
}
