package io.daisi.ws.transport;

import io.daisi.ws.events.StreamFloor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second: reads the stream floor and hands it to every socket, behind whatever its event
 * loop already holds — so a socket's safe position advances, and sockets that received events
 * are told their new {@code position} (SPEC §4: at most once a second while events flow).
 */
final class PositionTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PositionTicker.class);
    private static final long PERIOD_MILLIS = 1_000;

    private final StreamFloor floor;
    private final ConnectionRegistry registry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "position-ticker");
        t.setDaemon(true);
        return t;
    });

    PositionTicker(StreamFloor floor, ConnectionRegistry registry) {
        this.floor = floor;
        this.registry = registry;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            // waits for the read on this thread: one read at a time, and a slow one delays the next tick
            long value = floor.read().toCompletableFuture().get(5, TimeUnit.SECONDS);
            for (ClientConnection connection : registry.all()) {
                connection.onFloor(value);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("stream floor not read: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
