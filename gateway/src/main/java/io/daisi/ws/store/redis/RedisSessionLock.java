package io.daisi.ws.store.redis;

import io.daisi.ws.session.SessionLock;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Session locks as the reference keeps them: {@code session:...} = owning pod id, with an expiry
 * in whole seconds. Release and renewal compare the owner and act in one Lua script, so a pod never
 * deletes or extends a lock another pod has taken in the meantime.
 */
public final class RedisSessionLock implements SessionLock {

    private final RedisConnector redis;

    public RedisSessionLock(RedisConnector redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public CompletionStage<Boolean> tryAcquire(String lockKey, String owner, Duration ttl) {
        SetArgs nxEx = SetArgs.Builder.nx().ex(ExpirySeconds.of(ttl));
        // SET NX replies OK when it set the key and nil when the key exists
        return redis.call(r -> r.set(lockKey, owner, nxEx)).thenApply("OK"::equals);
    }

    @Override
    public CompletionStage<Void> forceAcquire(String lockKey, String owner, Duration ttl) {
        return redis.setWithExpiry(lockKey, owner, ttl);
    }

    @Override
    public CompletionStage<Boolean> release(String lockKey, String owner) {
        return RedisScripts.COMPARE_AND_DELETE.run(redis, lockKey, owner).thenApply(deleted -> deleted == 1L);
    }

    /** One compare-and-expire per key, pipelined in batches; 0 means the lock is another pod's or gone. */
    @Override
    public CompletionStage<Map<String, Boolean>> refresh(Map<String, Duration> ttlByKey, String owner) {
        return Batches.each(ttlByKey.keySet(), lockKey -> RedisScripts.COMPARE_AND_EXPIRE
                .run(redis, lockKey, owner, Long.toString(ExpirySeconds.of(ttlByKey.get(lockKey))))
                .thenApply(set -> set == 1L));
    }
}
