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
 * <p>It also notices when its own heartbeat must have expired although the pod lives — the
 * process was paused (SIGSTOP, a long GC, a frozen VM) or could not reach the store for a whole
 * TTL. Peers may then have skipped this pod and removed it from routes, so events meant for its
 * sockets were acknowledged without reaching them: {@code onLapse} runs once the heartbeat is
 * written again, to put the routes back and let the sockets recover what they missed.
 */
public final class HeartbeatRenewal implements RenewalTask {
    private final PodDirectory directory;
    private final String podId;
    private final String grpcAddress;
    private final Supplier<Duration> ttl;
    private final Clock clock;
    private final Runnable onLapse;
    /** When the last beat that was written had been sent; the key lives at least a TTL from then. */
    private volatile Instant lastWrittenBeatSentAt;

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
        Instant sentAt = clock.instant();
        Duration currentTtl = ttl.get();
        return directory.beat(podId, grpcAddress, currentTtl).thenRun(() -> written(sentAt, currentTtl));
    }

    /**
     * The previous key expired (at the latest) a TTL after the previous written beat was sent;
     * if this beat completed after that, there was a gap in which peers saw no heartbeat. Judged
     * conservatively (the previous beat's send time, this beat's completion time): a false alarm
     * costs the sockets a reconnect with {@code since}, a missed one would cost events.
     */
    private void written(Instant sentAt, Duration currentTtl) {
        Instant previous = lastWrittenBeatSentAt;
        lastWrittenBeatSentAt = sentAt;
        if (previous != null && !clock.instant().isBefore(previous.plus(currentTtl))) {
            onLapse.run();
        }
    }
}
