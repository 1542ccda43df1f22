package io.daisi.ws.routing;

import io.daisi.ws.renewal.RenewalTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps this pod's heartbeat ({@code pod:{id}} = its gRPC address) alive. Peers treat a pod
 * without one as dead, so it runs on its own, faster loop: a third of the heartbeat TTL.
 *
 * <p>It also notices when its own heartbeat must have expired because the process did not run
 * — it was paused (SIGSTOP, a long GC pause, a frozen VM) for a whole TTL between two beats.
 * Peers, which kept running, then took this pod for dead, skipped it and removed it from routes,
 * so events meant for its sockets were acknowledged without reaching them: {@code onLapse} runs
 * once the heartbeat is written again, to put the routes back and let the sockets recover what
 * they missed. A store outage is not such a gap: beats are still attempted (and fail), and
 * peers could not read heartbeats or routes meanwhile either.
 */
public final class HeartbeatRenewal implements RenewalTask {
    private final PodDirectory directory;
    private final String podId;
    private final String grpcAddress;
    private final Supplier<Duration> ttl;
    private final Clock clock;
    private final Runnable onLapse;
    /** When the previous beat was attempted; empty before the first. */
    private volatile Instant lastAttemptAt;

    public HeartbeatRenewal(PodDirectory directory, String podId, String grpcAddress, Supplier<Duration> ttl) {
        this(directory, podId, grpcAddress, ttl, Clock.systemUTC(), () -> { });
    }

    public HeartbeatRenewal(PodDirectory directory, String podId, String grpcAddress, Supplier<Duration> ttl,
                            Clock clock, Runnable onLapse) {
        this.directory = directory;
        this.podId = podId;
        this.grpcAddress = grpcAddress;
        this.ttl = ttl;
        this.clock = clock;
        this.onLapse = onLapse;
    }

    /** How often to beat so that two missed beats still leave the heartbeat alive. */
    public static Duration interval(Duration ttl) {
        return ttl.dividedBy(3).compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : ttl.dividedBy(3);
    }

    @Override
    public String name() {
        return "pod heartbeat";
    }

    @Override
    public CompletionStage<Void> renew(boolean reassert) {
        Instant now = clock.instant();
        Instant previous = lastAttemptAt;
        lastAttemptAt = now;
        Duration currentTtl = ttl.get();
        boolean lapsed = previous != null && !now.isBefore(previous.plus(currentTtl));
        CompletionStage<Void> beat = directory.beat(podId, grpcAddress, currentTtl);
        // after the beat (written or not): peers then find this pod alive when its routes come back
        return lapsed ? beat.whenComplete((ok, failure) -> onLapse.run()) : beat;
    }
}
