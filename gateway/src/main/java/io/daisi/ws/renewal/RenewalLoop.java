package io.daisi.ws.renewal;

import io.daisi.ws.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link RenewalTask} each {@code app.ttl_refresh_interval_seconds} (read at each
 * round, so a reload applies), one round at a time, on its own thread. A round that met a store
 * outage, or a store reconnect reported through {@link #storeReconnected}, makes the next round a
 * re-assert round, started at once.
 */
public final class RenewalLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RenewalLoop.class);

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final List<RenewalTask> tasks;
    private final Supplier<Duration> interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "renewal");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean reassertPending = new AtomicBoolean();
    // written on the scheduler thread, read by close()
    private volatile CompletableFuture<Void> running = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    public RenewalLoop(List<RenewalTask> tasks, Supplier<Duration> interval) {
        this.tasks = List.copyOf(tasks);
        this.interval = interval;
    }

    public void start() {
        scheduleNext();
    }

    /** The store came back: write everything again now rather than at the next tick. */
    public void storeReconnected() {
        reassertPending.set(true);
        runNow();
    }

    /** Starts a round now unless one is running; completes when that round is over. For tests and reconnects. */
    public CompletionStage<Void> runNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            scheduler.execute(() -> round().whenComplete((ignored, failure) -> done.complete(null)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    private void scheduleNext() {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(() -> round().whenComplete((ignored, failure) -> scheduleNext()),
                    interval.get().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** Runs on the scheduler thread; a round already in flight is joined rather than doubled. */
    private CompletionStage<Void> round() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (!running.isDone()) {
            return running.thenComposeAsync(ignored -> round(), scheduler);
        }
        boolean reassert = reassertPending.getAndSet(false);
        CompletableFuture<?>[] all = tasks.stream().map(task -> runTask(task, reassert)).toArray(CompletableFuture[]::new);
        running = CompletableFuture.allOf(all);
        return running;
    }

    private CompletableFuture<Void> runTask(RenewalTask task, boolean reassert) {
        CompletionStage<Void> stage;
        try {
            stage = task.renew(reassert);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.toCompletableFuture().handle((ignored, failure) -> {
            if (failure != null) {
                if (StoreUnavailableException.isCause(failure)) {
                    reassertPending.set(true);
                    log.warn("renewing {} failed: store unavailable; will re-assert when it is back", task.name());
                } else {
                    log.error("renewing {} failed", task.name(), failure);
                }
            }
            return null;
        });
    }

    @Override
    /**
     * Stops the loop and waits (briefly) for a round in flight, so that nothing it writes lands
     * after the caller's clean-up (e.g. a heartbeat written after it was removed).
     */
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            running.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("renewal round still running or failed at close: {}", e.toString());
        }
    }
}
