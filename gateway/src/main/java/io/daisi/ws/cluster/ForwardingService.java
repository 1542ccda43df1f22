package io.daisi.ws.cluster;

import io.daisi.ws.cluster.GrpcMetrics.ReceiveResult;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.cluster.proto.PushEventResponse;
import io.daisi.ws.cluster.proto.PushEventsRequest;
import io.daisi.ws.cluster.proto.PushEventsResponse;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.observability.LogContext;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@code PushEvent}, {@code PushEvents} and {@code StreamEvents}: decodes
 * each forwarded event and hands it to the dispatcher (local sockets only, so events never bounce
 * between pods). Any problem is
 * answered with {@code success=false} and a message, never a gRPC error; the answer is sent
 * when the dispatcher's stage completes, so no gRPC thread waits for delivery.
 */
public final class ForwardingService extends MessageForwardingServiceGrpc.MessageForwardingServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(ForwardingService.class);

    private final EventDispatcher localDispatcher;
    private final GrpcMetrics metrics;

    private final Clock clock;
    /** The {@code StreamEvents} calls open now, so that shutdown can end them. */
    private final Set<BatchStream> streams = ConcurrentHashMap.newKeySet();

    public ForwardingService(EventDispatcher localDispatcher, GrpcMetrics metrics) {
        this(localDispatcher, metrics, Clock.systemUTC());
    }

    /** {@code clock} reads the source pods' receive stamps of batched events (the hop's share of latency). */
    public ForwardingService(EventDispatcher localDispatcher, GrpcMetrics metrics, Clock clock) {
        this.localDispatcher = localDispatcher;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void pushEvent(PushEventRequest request, StreamObserver<PushEventResponse> response) {
        long receivedAt = System.nanoTime();
        String requestId = RequestIdMetadata.current();
        try (LogContext ignored = logContext(request, requestId)) {
            switch (PushEventCodec.decode(request, requestId, receivedAt)) {
                case PushEventCodec.Invalid invalid -> {
                    log.warn("forwarded event from pod {} refused: {}", request.getSourcePodId(), invalid.reason());
                    metrics.received(ReceiveResult.INVALID);
                    answer(response, false, invalid.reason());
                }
                case PushEventCodec.Valid valid -> dispatch(valid.event(), request, response);
            }
        } catch (RuntimeException e) {
            // a bug must not turn into a gRPC error the sender would retry
            log.error("forwarded event could not be handled", e);
            metrics.received(ReceiveResult.FAILED);
            answer(response, false, "internal error");
        }
    }

    /**
     * A batch from a pod of this project: every event is decoded and dispatched on its own, and the
     * answer — one result per event, in order — is sent once every dispatch completed. One bad
     * event fails alone; its neighbours are delivered.
     */
    @Override
    public void pushEvents(PushEventsRequest request, StreamObserver<PushEventsResponse> response) {
        answer(request).thenAccept(answer -> {
            try {
                response.onNext(answer);
                response.onCompleted();
            } catch (RuntimeException e) {
                log.debug("answer to a forwarded batch not sent: {}", e.toString());
            }
        });
    }

    /**
     * The same batches on one long-lived stream from a peer: each is handled as {@code PushEvents}
     * handles its one, and answered with its {@code batch_id} as soon as it has its results, so
     * answers may overtake each other. When the peer half-closes, the stream ends once every batch
     * it sent is answered.
     */
    @Override
    public StreamObserver<PushEventsRequest> streamEvents(StreamObserver<PushEventsResponse> responses) {
        BatchStream stream = new BatchStream(responses);
        streams.add(stream);
        return stream;
    }

    /**
     * Shutdown: every open stream ends once the batches it carries are answered, so peers open
     * their next stream elsewhere or learn that this pod is gone, instead of the server waiting
     * out its grace period for streams that never end by themselves.
     */
    void endStreams() {
        streams.forEach(BatchStream::onCompleted);
    }

    /** Handles every event of a batch; the answer, one result per event in order, never fails. */
    private CompletableFuture<PushEventsResponse> answer(PushEventsRequest request) {
        long receivedAt = System.nanoTime();
        List<CompletableFuture<PushEventResponse>> results = new ArrayList<>(request.getEventsCount());
        for (var forwarded : request.getEventsList()) {
            results.add(handle(ForwardedEventCodec.decode(forwarded, receivedAt, clock), request.getSourcePodId()));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).handle((done, never) -> {
            PushEventsResponse.Builder answer = PushEventsResponse.newBuilder().setBatchId(request.getBatchId());
            results.forEach(result -> answer.addResults(result.join()));
            return answer.build();
        });
    }

    /**
     * One {@code StreamEvents} call. Batches arrive on gRPC's thread; their answers complete on the
     * sockets' loops, so every write to {@code responses} (not thread-safe) is made under this
     * object's lock.
     */
    private final class BatchStream implements StreamObserver<PushEventsRequest> {
        private final StreamObserver<PushEventsResponse> responses;
        private int unanswered;
        private boolean halfClosed;
        private boolean ended;

        BatchStream(StreamObserver<PushEventsResponse> responses) {
            this.responses = responses;
        }

        @Override
        public void onNext(PushEventsRequest request) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                unanswered++;
            }
            answer(request).thenAccept(this::send);
        }

        private synchronized void send(PushEventsResponse answer) {
            if (ended) {
                return;
            }
            unanswered--;
            try {
                responses.onNext(answer);
            } catch (RuntimeException e) {
                log.debug("answer to a forwarded batch not sent: {}", e.toString());
                end();
                return;
            }
            if (halfClosed && unanswered == 0) {
                complete();
            }
        }

        /** The peer cancelled or the connection broke: nobody is listening for answers any more. */
        @Override
        public synchronized void onError(Throwable t) {
            log.debug("stream of forwarded batches ended by the peer: {}", t.toString());
            end();
        }

        /** The peer sends no more batches (or this pod is shutting down): end once all are answered. */
        @Override
        public synchronized void onCompleted() {
            halfClosed = true;
            if (!ended && unanswered == 0) {
                complete();
            }
        }

        private void complete() {
            end();
            try {
                responses.onCompleted();
            } catch (RuntimeException e) {
                log.debug("stream of forwarded batches not completed: {}", e.toString());
            }
        }

        private void end() {
            ended = true;
            streams.remove(this);
        }
    }

    /** One event of a batch; the stage never fails: a problem is a {@code success=false} result. */
    private CompletableFuture<PushEventResponse> handle(PushEventCodec.Decoded decoded, String sourcePod) {
        try {
            return switch (decoded) {
                case PushEventCodec.Invalid invalid -> {
                    log.warn("forwarded event from pod {} refused: {}", sourcePod, invalid.reason());
                    metrics.received(ReceiveResult.INVALID);
                    yield CompletableFuture.completedFuture(result(false, invalid.reason()));
                }
                case PushEventCodec.Valid valid -> dispatchSafely(valid.event()).handle((done, thrown) -> {
                    if (thrown == null) {
                        metrics.received(ReceiveResult.OK);
                        return result(true, "delivered");
                    }
                    Throwable failure = unwrap(thrown);
                    try (LogContext ignored = LogContext.with("request_id", valid.event().requestId(),
                            "event_id", valid.event().eventId())) {
                        log.warn("forwarded event could not be delivered locally: {}", failure.toString());
                    }
                    metrics.received(ReceiveResult.FAILED);
                    return result(false, "local delivery failed: " + failure.getMessage());
                });
            };
        } catch (RuntimeException e) {
            log.error("forwarded event could not be handled", e);
            metrics.received(ReceiveResult.FAILED);
            return CompletableFuture.completedFuture(result(false, "internal error"));
        }
    }

    private CompletableFuture<Void> dispatchSafely(Event event) {
        try {
            return localDispatcher.dispatch(event).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable thrown) {
        return thrown instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : thrown;
    }

    private static PushEventResponse result(boolean success, String message) {
        return PushEventResponse.newBuilder().setSuccess(success).setMessage(message).build();
    }

    private void dispatch(Event event, PushEventRequest request, StreamObserver<PushEventResponse> response) {
        log.debug("forwarded event received from pod {}", request.getSourcePodId());
        dispatchSafely(event).whenComplete((done, thrown) -> {
            try (LogContext ignored = logContext(request, event.requestId())) {
                if (thrown == null) {
                    metrics.received(ReceiveResult.OK);
                    answer(response, true, "delivered");
                } else {
                    Throwable failure = unwrap(thrown);
                    log.warn("forwarded event could not be delivered locally: {}", failure.toString());
                    metrics.received(ReceiveResult.FAILED);
                    answer(response, false, "local delivery failed: " + failure.getMessage());
                }
            }
        });
    }

    private static void answer(StreamObserver<PushEventResponse> response, boolean success, String message) {
        try {
            response.onNext(result(success, message));
            response.onCompleted();
        } catch (RuntimeException e) {
            // the caller cancelled or its deadline passed: nobody is listening any more
            log.debug("answer to a forwarded event not sent: {}", e.toString());
        }
    }

    private static LogContext logContext(PushEventRequest request, String requestId) {
        return LogContext.with("request_id", requestId,
                "event_id", request.getPayload().getEventId(),
                "company_id", request.getTargetCompanyId(),
                "agent_id", request.getTargetAgentId());
    }
}
