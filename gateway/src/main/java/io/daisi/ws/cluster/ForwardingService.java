package io.daisi.ws.cluster;

import io.daisi.ws.cluster.GrpcMetrics.ReceiveResult;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.cluster.proto.PushEventResponse;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.observability.LogContext;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@code PushEvent}: decodes the forwarded event and hands it to the
 * dispatcher (local sockets only, so events never bounce between pods). Any problem is
 * answered with {@code success=false} and a message, never a gRPC error; the answer is sent
 * when the dispatcher's stage completes, so no gRPC thread waits for delivery.
 */
public final class ForwardingService extends MessageForwardingServiceGrpc.MessageForwardingServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(ForwardingService.class);

    private final EventDispatcher localDispatcher;
    private final GrpcMetrics metrics;

    public ForwardingService(EventDispatcher localDispatcher, GrpcMetrics metrics) {
        this.localDispatcher = localDispatcher;
        this.metrics = metrics;
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

    private void dispatch(Event event, PushEventRequest request, StreamObserver<PushEventResponse> response) {
        log.debug("forwarded event received from pod {}", request.getSourcePodId());
        CompletionStage<Void> delivered;
        try {
            delivered = localDispatcher.dispatch(event);
        } catch (RuntimeException e) {
            delivered = CompletableFuture.failedFuture(e);
        }
        delivered.whenComplete((done, thrown) -> {
            try (LogContext ignored = logContext(request, event.requestId())) {
                if (thrown == null) {
                    metrics.received(ReceiveResult.OK);
                    answer(response, true, "delivered");
                } else {
                    Throwable failure = thrown instanceof CompletionException wrapped && wrapped.getCause() != null
                            ? wrapped.getCause() : thrown;
                    log.warn("forwarded event could not be delivered locally: {}", failure.toString());
                    metrics.received(ReceiveResult.FAILED);
                    answer(response, false, "local delivery failed: " + failure.getMessage());
                }
            }
        });
    }

    private static void answer(StreamObserver<PushEventResponse> response, boolean success, String message) {
        try {
            response.onNext(PushEventResponse.newBuilder().setSuccess(success).setMessage(message).build());
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
