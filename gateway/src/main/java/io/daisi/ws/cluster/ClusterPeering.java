package io.daisi.ws.cluster;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.ServerConfig;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.observability.DependencyCheck;
import io.daisi.ws.renewal.RenewalLoop;
import io.daisi.ws.routing.HeartbeatRenewal;
import io.daisi.ws.routing.PeerForwarder;
import io.daisi.ws.routing.PodDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This pod's place among its peers (SPEC §7): the gRPC server that takes forwarded events for
 * local sockets, the forwarder that hands events to other pods, and the heartbeat that tells
 * peers this pod is alive and where to reach it. Started after local delivery is ready; closed
 * after consumption stopped.
 */
public final class ClusterPeering implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterPeering.class);

    private final ServerConfig server;
    private final String podId;
    private final ForwardingService forwarding;
    private final GrpcPeerForwarder forwarder;
    private final PodDirectory directory;
    private final RenewalLoop heartbeat;
    private volatile GrpcServer grpcServer;

    public ClusterPeering(ServerConfig server, Supplier<AppConfig> app, EventDispatcher localDelivery,
                          PodDirectory directory, GrpcMetrics metrics) {
        this.server = server;
        this.podId = server.podId();
        this.forwarding = new ForwardingService(localDelivery, metrics);
        this.forwarder = new GrpcPeerForwarder(podId, app, metrics);
        this.directory = directory;
        Supplier<Duration> ttl = () -> Duration.ofSeconds(app.get().podHeartbeatTtlSeconds());
        this.heartbeat = new RenewalLoop(
                List.of(new HeartbeatRenewal(directory, podId, server.advertisedGrpcAddress(), ttl)),
                () -> HeartbeatRenewal.interval(ttl.get()));
    }

    public PeerForwarder forwarder() {
        return forwarder;
    }

    /** Starts the gRPC server, then announces the pod (heartbeat) so peers only find it once it listens. */
    public void start() throws IOException {
        grpcServer = GrpcServer.start(server, forwarding);
        log.info("pod {} reachable by peers at {}", podId, server.advertisedGrpcAddress());
        heartbeat.runNow();
        heartbeat.start();
    }

    /** {@code /ready}'s "grpc" entry. */
    public DependencyCheck readinessCheck() {
        return DependencyCheck.of("grpc", () -> {
            GrpcServer running = grpcServer;
            boolean serving = running != null && running.isServing();
            return CompletableFuture.completedFuture(serving ? DependencyCheck.Status.OK : DependencyCheck.Status.DOWN);
        });
    }

    /** Withdraws the heartbeat (peers stop forwarding at once), then stops forwarding and the server. */
    public void close(Duration grace) {
        heartbeat.close();
        try {
            directory.remove(podId).toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not remove the heartbeat of pod {}: {}; it expires by itself", podId, e.toString());
        }
        forwarder.close();
        GrpcServer running = grpcServer;
        if (running != null) {
            running.close(grace);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
