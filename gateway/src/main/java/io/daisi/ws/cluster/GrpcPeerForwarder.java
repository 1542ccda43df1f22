package io.daisi.ws.cluster;

import io.daisi.ws.cluster.GrpcMetrics.CloseReason;
import io.daisi.ws.cluster.GrpcMetrics.SendStatus;
import io.daisi.ws.cluster.PeerUnavailableException.Reason;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc.MessageForwardingServiceStub;
import io.daisi.ws.cluster.proto.PushEventResponse;
import io.daisi.ws.cluster.proto.PushEventsRequest;
import io.daisi.ws.cluster.proto.PushEventsResponse;
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
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * Forwards events to peer pods: in batches on one long-lived stream per peer
 * ({@code StreamEvents}, {@link PeerStreams}) to pods of this project, in batches one call each
 * ({@code PushEvents}) to a pod that does not know the stream, and one by one
 * ({@code PushEvent}) to a peer that answered {@code PushEvents} with {@code UNIMPLEMENTED} (a
 * reference pod); what a peer does not know is remembered per peer. Batching never waits for
 * company: an event for an idle peer is sent at once; while a batch to that peer is in flight,
 * further events queue and leave together as the next batch when it returns ({@link PeerBatcher}).
 *
 * <p>Every call goes through the peer's pooled channel and circuit breaker, with a deadline per
 * attempt and one retry, 200 ms later, when the first attempt ended UNAVAILABLE or
 * DEADLINE_EXCEEDED. Every attempt counts for the breaker; an answer with {@code success=false}
 * is a failed forward but proves the peer reachable, so it is neither retried nor held against
 * the breaker; nor is {@code UNIMPLEMENTED}. Each event's stage completes on its own result.
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
    private final Clock clock;
    private final Supplier<AppConfig> config;
    private final GrpcMetrics metrics;
    private final PeerStreams streams;
    private final PeerChannels channels;
    private final PeerBreakers breakers;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Calls whose retry is scheduled, so close() can fail them instead of leaving them pending. */
    private final Set<Call<?>> awaitingRetry = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Peer, PeerBatcher> batchers = new ConcurrentHashMap<>();
    /** Peers that answered {@code PushEvents} with UNIMPLEMENTED: served with {@code PushEvent} from then on. */
    private final Set<Peer> unaryOnly = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * One call in progress, with its retry: to whom, for how many events, how to make it, and the
     * stage completed with the peer's answer (or failed with a {@link PeerUnavailableException}).
     */
    private record Call<R>(Peer peer, Metadata headers, String requestId, int events, boolean batch,
                           Rpc<R> rpc, CompletableFuture<R> result) {
    }

    /** Starts one attempt of a call on the peer's pooled channel, through a stub with the attempt's deadline. */
    @FunctionalInterface
    private interface Rpc<R> {
        void start(ManagedChannel channel, MessageForwardingServiceStub stub, StreamObserver<R> observer);
    }

    /** A {@code PushEvents} call answered UNIMPLEMENTED: the peer is a reference pod. */
    private static final class BatchUnsupported extends RuntimeException {
        BatchUnsupported() {
            super("PushEvents unimplemented", null, false, false);
        }
    }

    /** A forwarder over plaintext channels without a peer token. */
    public GrpcPeerForwarder(String sourcePodId, Supplier<AppConfig> config, GrpcMetrics metrics) {
        this(sourcePodId, config, metrics, PeerSecurity.plaintext(), Clock.systemUTC());
    }

    /** Peer channels secured by {@code security}; events stamped with the system clock. */
    public GrpcPeerForwarder(String sourcePodId, Supplier<AppConfig> config, GrpcMetrics metrics,
                             PeerSecurity security) {
        this(sourcePodId, config, metrics, security, Clock.systemUTC());
    }

    /**
     * Starts the pool's idle sweep and health checks (one daemon thread). {@code clock} stamps
     * batched events with when this pod received them (see {@link ForwardedEventCodec}).
     */
    public GrpcPeerForwarder(String sourcePodId, Supplier<AppConfig> config, GrpcMetrics metrics,
                             PeerSecurity security, Clock clock) {
        this.clock = clock;
        this.sourcePodId = sourcePodId;
        this.config = config;
        this.metrics = metrics;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("grpc-peer-forwarder");
            thread.setDaemon(true);
            return thread;
        });
        // every batch on a stream schedules its timeout and cancels it when answered
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.streams = new PeerStreams(scheduler);
        this.channels = new PeerChannels(metrics, security, streams::channelClosed);
        this.breakers = new PeerBreakers(config, this::circuitOpened);
        startMaintenance();
    }

    @Override
    public CompletionStage<Void> forward(Peer peer, Event event) {
        if (unaryOnly.contains(peer)) {
            return forwardOne(peer, event);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        PeerBatcher.Pending pending;
        try {
            pending = new PeerBatcher.Pending(event, ForwardedEventCodec.encode(event, clock, System.nanoTime()),
                    result);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        batchers.computeIfAbsent(peer, p -> new PeerBatcher(batch -> sendBatch(p, batch))).add(pending);
        return result;
    }

    /** {@code PushEvent}, the reference's rpc: one event, rebuilt from the proto's known fields. */
    private CompletionStage<Void> forwardOne(Peer peer, Event event) {
        PushEventRequest request;
        try {
            request = PushEventCodec.encode(event, sourcePodId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call<PushEventResponse> call = new Call<>(peer, RequestIdMetadata.headers(event.requestId()),
                event.requestId(), 1, false, (channel, stub, observer) -> stub.pushEvent(request, observer),
                new CompletableFuture<>());
        attempt(call, false);
        return call.result().thenApply(response -> {
            if (!response.getSuccess()) {
                throw rejected(peer, event.requestId(), response.getMessage());
            }
            metrics.sent(SendStatus.OK);
            return null;
        });
    }

    /** Sends one batch; {@code done} runs once every event of it has its result, to send the next. */
    private void sendBatch(Peer peer, PeerBatcher.Batch batch) {
        List<PeerBatcher.Pending> events = batch.events();
        PushEventsRequest.Builder request = PushEventsRequest.newBuilder().setSourcePodId(sourcePodId);
        events.forEach(pending -> request.addEvents(pending.message()));
        PushEventsRequest built = request.build();
        metrics.batchSent(events.size());
        String requestId = events.getFirst().event().requestId();
        // on the peer's event stream; PushEvents calls for a peer that has none
        Call<PushEventsResponse> call = new Call<>(peer, RequestIdMetadata.headers(requestId), requestId,
                events.size(), true, (channel, stub, observer) -> streams.send(peer.address(), channel, built,
                        Duration.ofSeconds(config.get().grpcClientForwardTimeoutSeconds()), observer,
                        unary -> stub.pushEvents(built, unary)),
                new CompletableFuture<>());
        attempt(call, false);
        call.result().whenComplete((response, failure) -> {
            try {
                settle(peer, events, response, failure);
            } catch (RuntimeException e) {
                log.error("results of a batch to pod {} could not be settled", peer.podId(), e);
                events.forEach(pending -> pending.result().completeExceptionally(e));
            } finally {
                batch.done().run();
            }
        });
    }

    private void settle(Peer peer, List<PeerBatcher.Pending> events, PushEventsResponse response, Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (cause instanceof BatchUnsupported) {
            if (unaryOnly.add(peer)) {
                log.info("pod {} at {} does not know PushEvents (a reference pod?); forwarding to it with PushEvent",
                        peer.podId(), peer.address());
            }
            for (PeerBatcher.Pending pending : events) {
                forwardOne(peer, pending.event()).whenComplete((ok, f) -> complete(pending, f));
            }
            return;
        }
        if (cause != null) {
            events.forEach(pending -> pending.result().completeExceptionally(cause));
            return;
        }
        if (response.getResultsCount() != events.size()) {
            String detail = "answered " + response.getResultsCount() + " results for " + events.size() + " events";
            events.forEach(pending -> pending.result().completeExceptionally(
                    rejected(peer, pending.event().requestId(), detail)));
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            PushEventResponse result = response.getResults(i);
            PeerBatcher.Pending pending = events.get(i);
            if (result.getSuccess()) {
                metrics.sent(SendStatus.OK);
                pending.result().complete(null);
            } else {
                pending.result().completeExceptionally(rejected(peer, pending.event().requestId(), result.getMessage()));
            }
        }
    }

    private static void complete(PeerBatcher.Pending pending, Throwable failure) {
        if (failure == null) {
            pending.result().complete(null);
        } else {
            pending.result().completeExceptionally(failure instanceof CompletionException wrapped
                    && wrapped.getCause() != null ? wrapped.getCause() : failure);
        }
    }

    /** A peer's {@code success=false}: it was reached, so this is neither retried nor held against its breaker. */
    private PeerUnavailableException rejected(Peer peer, String requestId, String detail) {
        metrics.sent(SendStatus.REJECTED);
        PeerUnavailableException failure = new PeerUnavailableException(peer, Reason.REJECTED, detail);
        try (LogContext ignored = LogContext.with("request_id", requestId)) {
            log.warn(failure.getMessage());
        }
        return failure;
    }

    private void attempt(Call<?> call, boolean retry) {
        try {
            tryPeer(call, retry);
        } catch (RuntimeException e) {
            // a bug, or gRPC refusing to start the call: the caller's stage must still complete
            log.error("forward to pod {} could not be attempted", call.peer().podId(), e);
            call.result().completeExceptionally(e);
        }
    }

    private <R> void tryPeer(Call<R> call, boolean retry) {
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
        MessageForwardingServiceStub stub = MessageForwardingServiceGrpc.newStub(channel)
                .withDeadlineAfter(config.get().grpcClientForwardTimeoutSeconds(), TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(call.headers()));
        call.rpc().start(channel, stub, new StreamObserver<R>() {
            private R response;

            @Override
            public void onNext(R value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                if (call.batch() && status.getCode() == Status.Code.UNIMPLEMENTED) {
                    // the peer answered: it is reachable, it just predates PushEvents
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    call.result().completeExceptionally(new BatchUnsupported());
                    return;
                }
                // a failed batch is that many failed forwards: an unresponsive peer opens its circuit
                // as fast as with one call per event, not one deadline per batch at a time
                int failed = Math.max(1, Math.min(call.events(), config.get().grpcCircuitbreakerFailThreshold()));
                for (int i = 0; i < failed; i++) {
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, t);
                }
                callFailed(call, retry, status);
            }

            @Override
            public void onCompleted() {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                if (retry) {
                    metrics.retrySuccess();
                }
                if (response == null) {
                    fail(call, false, SendStatus.FAILED, Reason.FAILED, "no answer");
                } else {
                    call.result().complete(response);
                }
            }
        });
    }

    private void callFailed(Call<?> call, boolean retry, Status status) {
        metrics.connectionError();
        String detail = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (retry || closed || !RETRYABLE.contains(status.getCode())) {
            fail(call, retry, SendStatus.FAILED, Reason.FAILED, detail);
            return;
        }
        try (LogContext ignored = LogContext.with("request_id", call.requestId())) {
            log.warn("forward of {} event(s) to pod {} at {} failed ({}); retrying in {} ms", call.events(),
                    call.peer().podId(), call.peer().address(), detail, RETRY_DELAY.toMillis());
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

    private void failAsClosed(Call<?> call) {
        if (awaitingRetry.remove(call)) {
            fail(call, true, SendStatus.FAILED, Reason.CLOSED, "forwarder closed");
        }
    }

    private void fail(Call<?> call, boolean retry, SendStatus status, Reason reason, String detail) {
        for (int i = 0; i < call.events(); i++) {
            metrics.sent(status);
        }
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
            // an idle batcher is two fields; one left behind by a race with add() still sends what it is given
            batchers.values().removeIf(PeerBatcher::idle);
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

    /** Event streams open now (for tests and diagnostics). */
    int openStreams() {
        return streams.openStreams();
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
        for (Call<?> call : awaitingRetry) {
            failAsClosed(call);
        }
        channels.close(CLOSE_GRACE);
    }
}
