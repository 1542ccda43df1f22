package io.daisi.ws.store.memory;

import io.daisi.ws.session.SessionLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Session locks for one process: the same semantics as the Redis keys, with TTLs. */
public final class InMemorySessionLock implements SessionLock {
    private record Entry(String owner, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemorySessionLock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Boolean> tryAcquire(String lockKey, String owner, Duration ttl) {
        Instant now = clock.instant();
        boolean[] acquired = {false};
        locks.compute(lockKey, (key, current) -> {
            if (current == null || !current.expiresAt().isAfter(now)) {
                acquired[0] = true;
                return new Entry(owner, now.plus(ttl));
            }
            return current;
        });
        return CompletableFuture.completedFuture(acquired[0]);
    }

    @Override
    public CompletionStage<Void> forceAcquire(String lockKey, String owner, Duration ttl) {
        locks.put(lockKey, new Entry(owner, clock.instant().plus(ttl)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> release(String lockKey, String owner) {
        boolean[] released = {false};
        locks.computeIfPresent(lockKey, (key, current) -> {
            if (current.owner().equals(owner)) {
                released[0] = true;
                return null;
            }
            return current;
        });
        return CompletableFuture.completedFuture(released[0]);
    }

    @Override
    public CompletionStage<Map<String, Boolean>> refresh(Map<String, Duration> ttlByKey, String owner) {
        Instant now = clock.instant();
        Map<String, Boolean> result = new HashMap<>();
        ttlByKey.forEach((lockKey, ttl) -> {
            boolean[] ours = {false};
            locks.computeIfPresent(lockKey, (key, current) -> {
                if (!current.expiresAt().isAfter(now)) {
                    return null;
                }
                if (current.owner().equals(owner)) {
                    ours[0] = true;
                    return new Entry(owner, now.plus(ttl));
                }
                return current;
            });
            result.put(lockKey, ours[0]);
        });
        return CompletableFuture.completedFuture(result);
    }

    /** The current owner of a lock, for tests and diagnostics. */
    public java.util.Optional<String> owner(String lockKey) {
        Entry entry = locks.get(lockKey);
        if (entry == null || !entry.expiresAt().isAfter(clock.instant())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(entry.owner());
    }
}
