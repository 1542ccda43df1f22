package io.daisi.ws.cluster;

import io.daisi.ws.cluster.GrpcMetrics.CloseReason;
import io.daisi.ws.cluster.GrpcMetrics.SendStatus;
import io.daisi.ws.cluster.PeerUnavailableException.Reason;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.cluster.proto.PushEventResponse;
import io.daisi.ws.config.AppConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.observability.LogContext;
import io.daisi.ws.routing.Peer;
import io.daisi.ws.routing.PeerForwarder;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards events to peer pods with {@code PushEvent}: through the peer's pooled channel and
 * circuit breaker, with a deadline per attempt and one retry, 200 ms later, when the first
 * attempt ended UNAVAILABLE or DEADLINE_EXCEEDED. Every attempt counts for the breaker; an
 * answer with {@code success=false} is a failed forward but proves the peer reachable, so it
 * is neither retried nor held against the breaker.
 *
 * <p>Never blocks the caller: calls are asynchronous and the retry is scheduled. Stages
 * complete on gRPC's executor threads or on this forwarder's one scheduler thread. Config
 * is read on each call, so reloaded timeouts and breaker settings apply to the next forward.
 */
public final class GrpcPeerForwarder implements PeerForwarder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcPeerForwarder.class);
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final Set<Status.Code> RETRYABLE = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Duration MAX_SWEEP_PERIOD = Duration.ofSeconds(30);
    private static final Duration MIN_SWEEP_PERIOD = Duration.ofMillis(100);

    private final String sourcePodId;
    private final Supplier<AppConfig> config;
    private final GrpcMetrics metrics;
    private final PeerChannels channels;
    private final PeerBreakers breakers;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Calls whose retry is scheduled, so close() can fail them instead of leaving them pending. */
    private final Set<Call> awaitingRetry = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One forward in progress: what to send, to whom, and the stage its caller holds. */
    private record Call(Peer peer, PushEventRequest request, Metadata headers, String requestId,
                       CompletableFuture<Void> result) {
    }

    /** Starts the pool's idle sweep and health checks (one daemon thread). */
    public GrpcPeerForwarder(String sourcePodId, Supplier<AppConfig> config, GrpcMetrics metrics) {
        this.sourcePodId = sourcePodId;
        this.config = config;
        this.metrics = metrics;
        this.channels = new PeerChannels(metrics);
        this.breakers = new PeerBreakers(config, this::circuitOpened);
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("grpc-peer-forwarder");
            thread.setDaemon(true);
            return thread;
        });
        startMaintenance();
    }

    @Override
    public CompletionStage<Void> forward(Peer peer, Event event) {
        PushEventRequest request;
        try {
            request = PushEventCodec.encode(event, sourcePodId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call call = new Call(peer, request, RequestIdMetadata.headers(event.requestId()), event.requestId(),
                new CompletableFuture<>());
        attempt(call, false);
        return call.result();
    }

    private void attempt(Call call, boolean retry) {
        try {
            tryPeer(call, retry);
        } catch (RuntimeException e) {
            // a bug, or gRPC refusing to start the call: the caller's stage must still complete
            log.error("forward to pod {} could not be attempted", call.peer().podId(), e);
            call.result().completeExceptionally(e);
        }
    }

    private void tryPeer(Call call, boolean retry) {
        if (closed) {
            fail(call, retry, SendStatus.FAILED, Reason.CLOSED, "forwarder closed");
            return;
        }
        CircuitBreaker breaker = breakers.forAddress(call.peer().address());
        if (!breaker.tryAcquirePermission()) {
            fail(call, retry, SendStatus.CIRCUIT_OPEN, Reason.CIRCUIT_OPEN, "circuit open");
            return;
        }
        long start = System.nanoTime();
        ManagedChannel channel;
        try {
            channel = channels.acquire(call.peer().address());
        } catch (RuntimeException e) {
            breaker.onError(0, TimeUnit.NANOSECONDS, e);
            fail(call, retry, SendStatus.FAILED, closed ? Reason.CLOSED : Reason.FAILED, e.getMessage());
            return;
        }
        MessageForwardingServiceGrpc.newStub(channel)
                .withDeadlineAfter(config.get().grpcClientForwardTimeoutSeconds(), TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(call.headers()))
                .pushEvent(call.request(), new StreamObserver<>() {
                    private PushEventResponse response = PushEventResponse.getDefaultInstance();

                    @Override
                    public void onNext(PushEventResponse value) {
                        response = value;
                    }

                    @Override
                    public void onError(Throwable t) {
                        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, t);
                        callFailed(call, retry, Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        answered(call, retry, response);
                    }
                });
    }

    private void answered(Call call, boolean retry, PushEventResponse response) {
        if (!response.getSuccess()) {
            fail(call, retry, SendStatus.REJECTED, Reason.REJECTED, response.getMessage());
            return;
        }
        metrics.sent(SendStatus.OK);
        if (retry) {
            metrics.retrySuccess();
        }
        call.result().complete(null);
    }

    private void callFailed(Call call, boolean retry, Status status) {
        metrics.connectionError();
        String detail = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (retry || closed || !RETRYABLE.contains(status.getCode())) {
            fail(call, retry, SendStatus.FAILED, Reason.FAILED, detail);
            return;
        }
        try (LogContext ignored = LogContext.with("request_id", call.requestId())) {
            log.warn("forward to pod {} at {} failed ({}); retrying in {} ms", call.peer().podId(),
                    call.peer().address(), detail, RETRY_DELAY.toMillis());
        }
        metrics.retryAttempt();
        awaitingRetry.add(call);
        try {
            scheduler.schedule(() -> {
                if (awaitingRetry.remove(call)) {
                    attempt(call, true);
                }
            }, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            failAsClosed(call);
        }
    }

    private void failAsClosed(Call call) {
        if (awaitingRetry.remove(call)) {
            fail(call, true, SendStatus.FAILED, Reason.CLOSED, "forwarder closed");
        }
    }

    private void fail(Call call, boolean retry, SendStatus status, Reason reason, String detail) {
        metrics.sent(status);
        if (retry) {
            metrics.retryFailure();
        }
        PeerUnavailableException failure = new PeerUnavailableException(call.peer(), reason, detail,
                reason == Reason.CIRCUIT_OPEN ? breakers.retryAfter(call.peer().address(),
                        Duration.ofSeconds(config.get().grpcClientForwardTimeoutSeconds())) : Duration.ZERO);
        try (LogContext ignored = LogContext.with("request_id", call.requestId())) {
            if (reason == Reason.CIRCUIT_OPEN) {
                // one line per event while a peer is down would drown the log; the trip was logged
                log.debug(failure.getMessage());
            } else {
                log.warn(failure.getMessage());
            }
        }
        call.result().completeExceptionally(failure);
    }

    private void circuitOpened(String address) {
        log.warn("circuit to peer {} opened after consecutive failures; closing its channel", address);
        metrics.circuitTripped();
        channels.discard(address, CloseReason.CIRCUIT_TRIP);
    }

    private void startMaintenance() {
        repeat(() -> clamp(idleTimeout().dividedBy(2)), () -> {
            channels.closeIdle(idleTimeout());
            breakers.forgetIdle(idleTimeout());
        });
        repeat(() -> Duration.ofSeconds(config.get().grpcPoolHealthCheckIntervalSeconds()),
                () -> channels.checkHealth(Duration.ofSeconds(config.get().grpcClientForwardTimeoutSeconds())));
    }

    private Duration idleTimeout() {
        return Duration.ofSeconds(config.get().grpcPoolIdleTimeoutSeconds());
    }

    /** Runs {@code task} after {@code period}, again and again; the period is re-read each time, for reloads. */
    private void repeat(Supplier<Duration> period, Runnable task) {
        Runnable run = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("gRPC peer pool maintenance failed", e);
            } finally {
                repeat(period, task);
            }
        };
        try {
            scheduler.schedule(run, period.get().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: no more maintenance
        }
    }

    private static Duration clamp(Duration period) {
        if (period.compareTo(MIN_SWEEP_PERIOD) < 0) {
            return MIN_SWEEP_PERIOD;
        }
        return period.compareTo(MAX_SWEEP_PERIOD) > 0 ? MAX_SWEEP_PERIOD : period;
    }

    /** Channels in the pool now (for tests and diagnostics). */
    int pooledChannels() {
        return channels.size();
    }

    /**
     * Stops maintenance, fails the forwards waiting for their retry, and closes every channel,
     * waiting up to five seconds for calls in progress. Blocks: call it on shutdown, after the
     * event source stopped handing events.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        for (Call call : awaitingRetry) {
            failAsClosed(call);
        }
        channels.close(CLOSE_GRACE);
    }
}
