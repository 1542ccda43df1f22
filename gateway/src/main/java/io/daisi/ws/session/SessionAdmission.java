package io.daisi.ws.session;

import io.daisi.ws.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest connection always wins (SPEC §5): SET NX; if taken, publish a kill
 * for the old holder, wait the retry delay, SET NX once more, then take the lock
 * by force. Every admission draws a fence, carried by its kill notice, so that a notice
 * arriving late or twice cannot close a connection newer than the one it announces.
 * Never blocks a thread while waiting.
 */
public final class SessionAdmission {
    private static final Logger log = LoggerFactory.getLogger(SessionAdmission.class);

    private final SessionLock lock;
    private final KillSwitch killSwitch;
    private final String podId;
    private final Supplier<Duration> sessionTtl;
    private final Supplier<Duration> retryDelay;
    private final BooleanSupplier allowDegraded;
    private final SessionMetrics metrics;

    public SessionAdmission(SessionLock lock, KillSwitch killSwitch, String podId, Supplier<Duration> sessionTtl,
                            Supplier<Duration> retryDelay, BooleanSupplier allowDegraded, SessionMetrics metrics) {
        this.lock = lock;
        this.killSwitch = killSwitch;
        this.podId = podId;
        this.sessionTtl = sessionTtl;
        this.retryDelay = retryDelay;
        this.allowDegraded = allowDegraded;
        this.metrics = metrics;
    }

    public CompletionStage<Admission> admit(SessionKey key) {
        Duration ttl = sessionTtl.get();
        metrics.lockAttempt(key.type(), "nx");
        // the fence is drawn alongside the first attempt, so it costs no extra round trip in sequence
        return killSwitch.nextFence()
                .thenCombine(lock.tryAcquire(key.lockKey(), podId, ttl), Attempt::new)
                .thenCompose(first -> first.acquired()
                        ? granted(key, "nx", first.fence())
                        : takeOver(key, ttl, first.fence()))
                .exceptionally(failure -> {
                    if (!StoreUnavailableException.isCause(failure)) {
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    }
                    return unavailable(key, failure);
                });
    }

    private record Attempt(long fence, boolean acquired) {
    }

    private CompletionStage<Admission> takeOver(SessionKey key, Duration ttl, long fence) {
        metrics.sessionConflict(key.type());
        Executor afterDelay = CompletableFuture.delayedExecutor(retryDelay.get().toMillis(), TimeUnit.MILLISECONDS);
        return killSwitch.publish(key, podId, fence)
                .thenComposeAsync(published -> {
                    metrics.lockAttempt(key.type(), "retry");
                    return lock.tryAcquire(key.lockKey(), podId, ttl);
                }, afterDelay)
                .thenCompose(acquired -> {
                    if (acquired) {
                        return granted(key, "retry", fence);
                    }
                    metrics.lockAttempt(key.type(), "force");
                    return lock.forceAcquire(key.lockKey(), podId, ttl)
                            .thenCompose(done -> granted(key, "force", fence));
                });
    }

    private CompletionStage<Admission> granted(SessionKey key, String how, long fence) {
        metrics.lockSuccess(key.type(), how);
        return CompletableFuture.completedFuture(new Admission.Granted(how, fence));
    }

    /** Only store outages are refused as unavailable; any other failure is a defect and propagates. */
    private Admission unavailable(SessionKey key, Throwable failure) {
        metrics.lockFailure(key.type(), "store_unavailable");
        if (allowDegraded.getAsBoolean()) {
            log.warn("session store unreachable; admitting without exclusivity (app.allow_degraded_sessions)");
            return new Admission.Degraded();
        }
        log.warn("session store unreachable; refusing the connection: {}", rootMessage(failure));
        return new Admission.Unavailable("session store unreachable");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
