package io.daisi.ws.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The distributed exclusive lock of a session; the value is the owning pod id.
 * Stages fail when the store cannot be reached.
 */
public interface SessionLock {
    /** SET NX: true when the lock was free and is now ours. */
    CompletionStage<Boolean> tryAcquire(String lockKey, String owner, Duration ttl);

    /** SET: take the lock whoever holds it. */
    CompletionStage<Void> forceAcquire(String lockKey, String owner, Duration ttl);

    /** Deletes the lock only if {@code owner} still holds it; true when deleted. */
    CompletionStage<Boolean> release(String lockKey, String owner);

    /**
     * Sets each key's TTL only where {@code owner} still holds it, in as few round
     * trips as the store allows; the result maps each key to whether it is still ours.
     */
    CompletionStage<Map<String, Boolean>> refresh(Map<String, Duration> ttlByKey, String owner);
}
