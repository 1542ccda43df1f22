package io.daisi.ws.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether the route sets and heartbeats read from the store can be trusted to be complete. Right
 * after this pod's store connection came back they cannot: a store that restarted empty holds
 * only what the pods that reconnected first have written again, and the others follow within
 * their reconnect delay. For {@code window} after a reconnect an event is still delivered and
 * forwarded to every pod found, but not acknowledged, and a pod without a heartbeat is not taken
 * for dead; the event is redelivered after the window, when every live pod is back in its routes.
 */
public final class RouteSettling {
    private final Clock clock;
    private final Supplier<Duration> window;
    private final Supplier<Duration> storeDownRetry;
    private volatile Instant until = Instant.MIN;

    /**
     * @param window         how long after a reconnect routes may be incomplete
     * @param storeDownRetry after a failed route read (store down), when to try the event again
     */
    public RouteSettling(Clock clock, Supplier<Duration> window, Supplier<Duration> storeDownRetry) {
        this.clock = clock;
        this.window = window;
        this.storeDownRetry = storeDownRetry;
    }

    /** Never settling: for a store that cannot lose what it holds (in memory) and for tests. */
    public static RouteSettling never() {
        return new RouteSettling(Clock.systemUTC(), () -> Duration.ZERO, () -> Duration.ZERO);
    }

    public void storeReconnected() {
        until = clock.instant().plus(window.get());
    }

    /** How long routes may still be incomplete; empty when they can be trusted. */
    public Optional<Duration> remaining() {
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    Duration storeDownRetry() {
        return storeDownRetry.get();
    }
}
