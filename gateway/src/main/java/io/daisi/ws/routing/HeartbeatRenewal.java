package io.daisi.ws.routing;

import io.daisi.ws.renewal.RenewalTask;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Keeps this pod's heartbeat ({@code pod:{id}} = its gRPC address) alive. Peers treat a pod
 * without one as dead, so it runs on its own, faster loop: a third of the heartbeat TTL.
 */
public final class HeartbeatRenewal implements RenewalTask {
    private final PodDirectory directory;
    private final String podId;
    private final String grpcAddress;
    private final Supplier<Duration> ttl;

    public HeartbeatRenewal(PodDirectory directory, String podId, String grpcAddress, Supplier<Duration> ttl) {
        this.directory = directory;
        this.podId = podId;
        this.grpcAddress = grpcAddress;
        this.ttl = ttl;
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
        return directory.beat(podId, grpcAddress, ttl.get());
    }
}
