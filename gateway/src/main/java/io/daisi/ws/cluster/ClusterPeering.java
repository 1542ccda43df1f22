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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final Duration FIRST_BEAT_WAIT = Duration.ofSeconds(5);
    private static final Duration FIRST_BEAT_RETRY = Duration.ofMillis(100);

    private final ServerConfig server;
    private final PeerSecurity security;
    private final String podId;
    private final ForwardingService forwarding;
    private final GrpcPeerForwarder forwarder;
    private final PodDirectory directory;
    private final HeartbeatRenewal firstBeat;
    private final RenewalLoop heartbeat;
    private volatile GrpcServer grpcServer;

    /**
     * {@code onLapse} runs (on the heartbeat thread; hand long work elsewhere) when this pod's
     * heartbeat is written again after a gap longer than its TTL: see {@link HeartbeatRenewal}.
     */
    public ClusterPeering(ServerConfig server, Supplier<AppConfig> app, EventDispatcher localDelivery,
                          PodDirectory directory, GrpcMetrics metrics, Clock clock, Runnable onLapse) {
        this.server = server;
        this.security = PeerSecurity.from(server);
        this.podId = server.podId();
        this.forwarding = new ForwardingService(localDelivery, metrics);
        this.forwarder = new GrpcPeerForwarder(podId, app, metrics, security);
        this.directory = directory;
        Supplier<Duration> ttl = () -> Duration.ofSeconds(app.get().podHeartbeatTtlSeconds());
        this.firstBeat = new HeartbeatRenewal(directory, podId, server.advertisedGrpcAddress(), ttl, clock, onLapse);
        this.heartbeat = new RenewalLoop(List.of(firstBeat), () -> HeartbeatRenewal.interval(ttl.get()));
    }

    public PeerForwarder forwarder() {
        return forwarder;
    }

    /**
     * Starts the gRPC server, then announces the pod (heartbeat) so peers only find it once it
     * listens. Waits, up to {@link #FIRST_BEAT_WAIT}, for the first heartbeat to be written: a pod
     * holding sockets without one is taken for dead, skipped, and removed from the routes. (While
     * the store is down no socket is admitted anyway; the loop then beats once it is back.)
     */
    public void start() throws IOException, InterruptedException {
        grpcServer = GrpcServer.start(server, security, forwarding);
        if (security.openToAnyone()) {
            log.warn("the gRPC port {} accepts events from anyone who can reach it: neither server.peer_auth_token "
                    + "nor gRPC TLS (server.grpc_tls_cert_file) is set", grpcServer.port());
        }
        log.info("pod {} reachable by peers at {}", podId, server.advertisedGrpcAddress());
        long deadline = System.nanoTime() + FIRST_BEAT_WAIT.toNanos();
        while (!beatOnce() && System.nanoTime() < deadline) {
            Thread.sleep(FIRST_BEAT_RETRY.toMillis());
        }
        heartbeat.start();
    }

    /** The store is back: beat at once rather than at the next tick. */
    public void storeReconnected() {
        heartbeat.storeReconnected();
    }

    private boolean beatOnce() {
        try {
            firstBeat.renew(false).toCompletableFuture().get(FIRST_BEAT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
