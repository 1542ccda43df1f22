package io.daisi.ws.transport;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second, for every socket: ping the quiet ones, close those that have
 * not answered for the pong wait, and close as slow consumers (4408) those whose
 * output has been stuck for the write timeout. One sweep for the pod instead of a timer per
 * socket keeps the per-connection cost low.
 */
public final class ConnectionSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSupervisor.class);

    private final ConnectionRegistry registry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connection-supervisor");
        t.setDaemon(true);
        return t;
    });

    public ConnectionSupervisor(ConnectionRegistry registry) {
        this.registry = registry;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void sweepSafely() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            log.error("connection sweep failed", e);
        }
    }

    void sweep(long now) {
        for (ClientConnection c : registry.all()) {
            if (!c.isUpgraded() || !c.isOpen()) {
                continue;
            }
            ConnectionSettings s = c.settings();
            long quiet = now - c.lastReadNanos();
            if (quiet >= s.pongWaitNanos()) {
                c.abort(1001);
                continue;
            }
            if (isStuck(c.unwritableSinceNanos(), now, s) || isStuck(c.overCapacitySinceNanos(), now, s)) {
                c.slowConsumer("no write progress for " + s.writeTimeoutNanos() / 1_000_000_000L + "s");
                continue;
            }
            if (quiet >= s.pingIntervalNanos() && now - c.lastPingNanos() >= s.pingIntervalNanos()) {
                c.ping();
            }
        }
    }

    private static boolean isStuck(long since, long now, ConnectionSettings s) {
        return since != 0 && now - since >= s.writeTimeoutNanos();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
