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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@code PushEvent} and {@code PushEvents}: decodes each forwarded event and hands it to the
 * dispatcher (local sockets only, so events never bounce between pods). Any problem is
 * answered with {@code success=false} and a message, never a gRPC error; the answer is sent
 * when the dispatcher's stage completes, so no gRPC thread waits for delivery.
 */
public final class ForwardingService extends MessageForwardingServiceGrpc.MessageForwardingServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(ForwardingService.class);

    private final EventDispatcher localDispatcher;
    private final GrpcMetrics metrics;

    private final Clock clock;

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
        long receivedAt = System.nanoTime();
        List<CompletableFuture<PushEventResponse>> results = new ArrayList<>(request.getEventsCount());
        for (var forwarded : request.getEventsList()) {
            results.add(handle(ForwardedEventCodec.decode(forwarded, receivedAt, clock), request.getSourcePodId()));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((done, never) -> {
            PushEventsResponse.Builder answer = PushEventsResponse.newBuilder();
            results.forEach(result -> answer.addResults(result.join()));
            try {
                response.onNext(answer.build());
                response.onCompleted();
            } catch (RuntimeException e) {
                log.debug("answer to a forwarded batch not sent: {}", e.toString());
            }
        });
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
