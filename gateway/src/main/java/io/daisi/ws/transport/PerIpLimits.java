package io.daisi.ws.transport;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-client-IP admission limits (off at 0): sockets open or being opened at once, and
 * WebSocket handshakes per second (a token bucket per IP, burst = the rate). Memory stays
 * bounded: a connection count disappears when it drops to zero, and a bucket left alone long
 * enough to be full again is no different from no bucket, so those are swept once a second.
 * Thread-safe; called from every event loop.
 */
final class PerIpLimits {
    private static final long SWEEP_EVERY_MILLIS = 1_000;

    private final Clock clock;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    PerIpLimits(Clock clock) {
        this.clock = clock;
    }

    /** One handshake from {@code ip}; false when it exceeds {@code perSecond} (0 = unlimited). */
    boolean tryHandshake(String ip, int perSecond) {
        if (perSecond <= 0) {
            return true;
        }
        long now = clock.millis();
        sweep(now, perSecond);
        boolean[] allowed = {false};
        buckets.compute(ip, (k, bucket) -> {
            Bucket refilled = (bucket == null ? Bucket.full(perSecond, now) : bucket).refill(perSecond, now);
            allowed[0] = refilled.tokens() >= 1;
            return allowed[0] ? refilled.take() : refilled;
        });
        return allowed[0];
    }

    /** Takes one of {@code ip}'s {@code limit} connection slots (0 = unlimited); false when none is left. */
    boolean tryOpen(String ip, int limit) {
        boolean[] allowed = {false};
        open.compute(ip, (k, count) -> {
            int current = count == null ? 0 : count;
            allowed[0] = limit <= 0 || current < limit;
            return allowed[0] ? current + 1 : count;
        });
        return allowed[0];
    }

    /** Gives back a slot taken with {@link #tryOpen}. */
    void closed(String ip) {
        open.computeIfPresent(ip, (k, count) -> count <= 1 ? null : count - 1);
    }

    /** IPs tracked at all (for tests of the memory bound). */
    int trackedAddresses() {
        return open.size() + buckets.size();
    }

    private void sweep(long now, int perSecond) {
        long last = lastSweep.get();
        if (now - last < SWEEP_EVERY_MILLIS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        buckets.entrySet().removeIf(entry -> entry.getValue().refill(perSecond, now).tokens() >= perSecond);
    }

    /** Tokens (fractional) as of {@code atMillis}. */
    private record Bucket(double tokens, long atMillis) {
        static Bucket full(int perSecond, long now) {
            return new Bucket(perSecond, now);
        }

        Bucket refill(int perSecond, long now) {
            double added = Math.max(0, now - atMillis) * perSecond / 1000.0;
            return new Bucket(Math.min(perSecond, tokens + added), Math.max(now, atMillis));
        }

        Bucket take() {
            return new Bucket(tokens - 1, atMillis);
        }
    }
}
