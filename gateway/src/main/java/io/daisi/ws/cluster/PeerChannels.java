package io.daisi.ws.cluster;

import io.daisi.ws.cluster.GrpcMetrics.CloseReason;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel per peer address (plaintext or TLS, with the peer token when configured: see
 * {@link PeerSecurity}), created on first use. A channel is closed when
 * it has not been used for the idle timeout, when its peer fails a health check, when its
 * peer's circuit opens, and when it is found in transient failure on use (a fresh channel
 * connects at once instead of waiting out the old one's reconnect backoff). Nothing here
 * blocks except {@link #close(Duration)}.
 */
final class PeerChannels {
    private static final Logger log = LoggerFactory.getLogger(PeerChannels.class);
    private static final HealthCheckRequest ANY_SERVICE = HealthCheckRequest.getDefaultInstance();

    private final GrpcMetrics metrics;
    private final PeerSecurity security;
    private final BiConsumer<String, ManagedChannel> onClose;
    private final ConcurrentHashMap<String, Pooled> pool = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Pooled(ManagedChannel channel, long lastUsedNanos) {
    }

    /** {@code onClose} hears of every channel this pool closes, with its address, as it is closed. */
    PeerChannels(GrpcMetrics metrics, PeerSecurity security, BiConsumer<String, ManagedChannel> onClose) {
        this.metrics = metrics;
        this.security = security;
        this.onClose = onClose;
    }

    /**
     * The pooled channel to {@code address}, marked as used now.
     *
     * @throws IllegalStateException when closed
     * @throws IllegalArgumentException when {@code address} is not a valid target
     */
    ManagedChannel acquire(String address) {
        if (closed) {
            throw new IllegalStateException("peer channels are closed");
        }
        long now = System.nanoTime();
        Pooled reused = pool.computeIfPresent(address, (a, pooled) -> {
            if (usable(pooled.channel())) {
                return new Pooled(pooled.channel(), now);
            }
            shutdown(a, pooled.channel(), CloseReason.HEALTH_FAIL);
            return null;
        });
        if (reused != null) {
            return reused.channel();
        }
        ManagedChannel channel;
        try {
            channel = pool.computeIfAbsent(address, a -> new Pooled(open(a), now)).channel();
        } catch (IllegalArgumentException e) {
            metrics.connectionError();
            throw e;
        }
        metrics.poolSize(pool.size());
        if (closed) {
            // close() ran while this channel was being created: it must not outlive it
            discard(address, CloseReason.SHUTDOWN);
            throw new IllegalStateException("peer channels are closed");
        }
        return channel;
    }

    /** Closes the channel to {@code address}, if one is pooled. */
    void discard(String address, CloseReason reason) {
        pool.computeIfPresent(address, (a, pooled) -> {
            shutdown(a, pooled.channel(), reason);
            return null;
        });
        metrics.poolSize(pool.size());
    }

    /** Closes the channels not used for longer than {@code idle}. */
    void closeIdle(Duration idle) {
        long now = System.nanoTime();
        for (String address : pool.keySet()) {
            pool.computeIfPresent(address, (a, pooled) -> {
                if (now - pooled.lastUsedNanos() <= idle.toNanos()) {
                    return pooled;
                }
                shutdown(a, pooled.channel(), CloseReason.IDLE);
                return null;
            });
        }
        metrics.poolSize(pool.size());
    }

    /**
     * Asks every pooled peer for its health; a channel whose peer does not answer SERVING
     * within {@code deadline} is closed. Returns at once: answers arrive on gRPC threads.
     */
    void checkHealth(Duration deadline) {
        pool.forEach((address, pooled) -> {
            try {
                HealthGrpc.newStub(pooled.channel())
                        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                        .check(ANY_SERVICE, healthObserver(address, pooled.channel()));
            } catch (RuntimeException e) {
                unhealthy(address, pooled.channel(), e.toString());
            }
        });
    }

    private StreamObserver<HealthCheckResponse> healthObserver(String address, ManagedChannel channel) {
        return new StreamObserver<>() {
            private ServingStatus status = ServingStatus.UNKNOWN;

            @Override
            public void onNext(HealthCheckResponse response) {
                status = response.getStatus();
            }

            @Override
            public void onError(Throwable t) {
                unhealthy(address, channel, t.toString());
            }

            @Override
            public void onCompleted() {
                if (status != ServingStatus.SERVING) {
                    unhealthy(address, channel, status.name());
                }
            }
        };
    }

    int size() {
        return pool.size();
    }

    /**
     * Closes every channel, waiting up to {@code grace} in all for calls in progress; later
     * {@link #acquire} calls fail.
     */
    void close(Duration grace) {
        closed = true;
        List<ManagedChannel> closing = new ArrayList<>();
        for (String address : pool.keySet()) {
            Pooled pooled = pool.remove(address);
            if (pooled != null) {
                shutdown(address, pooled.channel(), CloseReason.SHUTDOWN);
                closing.add(pooled.channel());
            }
        }
        metrics.poolSize(pool.size());
        long deadline = System.nanoTime() + grace.toNanos();
        for (ManagedChannel channel : closing) {
            try {
                if (!channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void unhealthy(String address, ManagedChannel channel, String why) {
        metrics.connectionError();
        pool.computeIfPresent(address, (a, pooled) -> {
            if (pooled.channel() != channel) {
                return pooled;
            }
            log.warn("peer {} failed its health check ({}); closing its channel", a, why);
            shutdown(a, channel, CloseReason.HEALTH_FAIL);
            return null;
        });
        metrics.poolSize(pool.size());
    }

    private static boolean usable(ManagedChannel channel) {
        return !channel.isShutdown() && channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE;
    }

    private ManagedChannel open(String address) {
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(address, security.channelCredentials())
                // call callbacks complete futures and ack NATS messages, neither of which blocks:
                // no hop to an executor per call
                .directExecutor();
        // on the channel, not per stub: every call to the peer carries the token, health checks included
        security.clientInterceptor().ifPresent(builder::intercept);
        ManagedChannel channel = builder.build();
        metrics.connectionCreated();
        log.info("gRPC channel to peer {} created", address);
        return channel;
    }

    private void shutdown(String address, ManagedChannel channel, CloseReason reason) {
        // long-lived calls on it (the event stream) end first, or a graceful shutdown would wait for them forever
        onClose.accept(address, channel);
        // graceful: calls already started on it may finish
        channel.shutdown();
        metrics.connectionClosed(reason);
        log.info("gRPC channel to peer {} closed ({})", address, GrpcMetrics.label(reason));
    }
}
