package io.daisi.ws.transport;

import io.daisi.ws.events.StreamFloor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second: reads the stream floor and hands it to every socket, behind whatever its event
 * loop already holds — so a socket's safe position advances, and sockets that received events
 * are told their new {@code position} (SPEC §4: at most once a second while events flow).
 *
 * <p>A tick that comes far too late means the process did not run (paused, or a very long GC):
 * long enough, and peers took this pod for dead and acknowledged events without it. The floor
 * read now would cover those, so instead of handing it out the ticker makes every socket read
 * the history from the position it had before the pause.
 *
 * <p>The floor read once a second is handed out in {@code slices} parts spread over the second
 * (a tenth of the sockets every 100 ms): handing it to ten thousand sockets at once queued ten
 * thousand position frames in one burst ahead of the next events, which showed as a tail of tens
 * of milliseconds in delivery latency. A later slice gets the same, slightly older floor: W only
 * ever lags, so it stays safe.
 */
final class PositionTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PositionTicker.class);
    private static final long PERIOD_MILLIS = 1_000;
    /** Parts a tick's floor is handed out in, spread over the period. */
    static final int SLICES = 10;

    private final StreamFloor floor;
    private final ConnectionRegistry registry;
    private final Supplier<Duration> pauseThreshold;
    private final LongSupplier nanoTime;
    private final int slices;
    private long lastTickNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "position-ticker");
        t.setDaemon(true);
        return t;
    });

    /** {@code pauseThreshold}: a gap between ticks longer than this counts as a pause (half the heartbeat TTL). */
    PositionTicker(StreamFloor floor, ConnectionRegistry registry, Supplier<Duration> pauseThreshold,
                   LongSupplier nanoTime) {
        this(floor, registry, pauseThreshold, nanoTime, SLICES);
    }

    /** {@code slices} 1: every socket gets the floor within the tick (tests that drive ticks by hand). */
    PositionTicker(StreamFloor floor, ConnectionRegistry registry, Supplier<Duration> pauseThreshold,
                   LongSupplier nanoTime, int slices) {
        this.floor = floor;
        this.registry = registry;
        this.pauseThreshold = pauseThreshold;
        this.nanoTime = nanoTime;
        this.slices = slices;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void tick() {
        long start = nanoTime.getAsLong();
        long gap = lastTickNanos == 0 ? 0 : start - lastTickNanos;
        lastTickNanos = start;
        if (gap > pauseThreshold.get().toNanos()) {
            pausedFor(gap);
            return;
        }
        try {
            // waits for the read on this thread: one read at a time, and a slow one delays the next tick
            long value = floor.read().toCompletableFuture().get(5, TimeUnit.SECONDS);
            long end = nanoTime.getAsLong();
            lastTickNanos = end;
            if (end - start > pauseThreshold.get().toNanos()) {
                pausedFor(end - start); // the answer may already cover events peers skipped this pod for
                return;
            }
            handOut(value, List.copyOf(registry.all()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("stream floor not read: {}", e.toString());
        }
    }

    /** Slice 0 now, slice k at k × period / slices; all on this thread, all before the next tick. */
    private void handOut(long value, List<ClientConnection> sockets) {
        for (int k = 0; k < slices; k++) {
            int slice = k;
            Runnable give = () -> {
                for (int i = slice; i < sockets.size(); i += slices) {
                    sockets.get(i).onFloor(value);
                }
            };
            if (k == 0) {
                give.run();
            } else {
                try {
                    timer.schedule(give, k * PERIOD_MILLIS / slices, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    return; // closed: the gateway is stopping
                }
            }
        }
    }

    private void pausedFor(long nanos) {
        log.warn("the process did not run for {} ms: catching every socket up from its position",
                Duration.ofNanos(nanos).toMillis());
        registry.all().forEach(ClientConnection::catchUpFromPosition);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
