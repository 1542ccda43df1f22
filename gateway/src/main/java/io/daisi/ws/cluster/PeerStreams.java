package io.daisi.ws.cluster;

import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventsRequest;
import io.daisi.ws.cluster.proto.PushEventsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code StreamEvents} (SPEC §7, batches on a long-lived stream): one stream per peer address,
 * opened on the peer's pooled channel by the first batch and kept open, so a batch costs its
 * bytes and not a call's set-up (headers, a new HTTP/2 stream, trailers) on both pods.
 *
 * <p>A batch sent here behaves, for its caller, like a unary {@code PushEvents} call: its
 * observer gets the answer and {@code onCompleted}, or one {@code onError}. Each batch gets a
 * {@code batch_id} and is answered by the response that echoes it. A batch not answered within
 * its timeout fails with DEADLINE_EXCEEDED and ends the stream (the next batch opens a fresh
 * one). When a stream ends — an error, the peer ending it, its channel closed — the batches still
 * waiting fail with its status (UNAVAILABLE when it ended cleanly), so the caller's retry rules
 * apply as they do to calls. A peer that answers {@code UNIMPLEMENTED} (an older pod of this
 * project, or a reference pod) is remembered until its channel is closed: its waiting and later
 * batches go through unary {@code PushEvents}.
 */
final class PeerStreams {
    private static final Logger log = LoggerFactory.getLogger(PeerStreams.class);

    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, BatchCall> open = new ConcurrentHashMap<>();
    private final Set<String> unsupported = ConcurrentHashMap.newKeySet();

    /** {@code timer} runs the batches' timeouts. */
    PeerStreams(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Sends {@code request} on the stream to {@code address} over {@code channel}, opening one
     * when there is none on that channel. {@code unary} makes the same request as a
     * {@code PushEvents} call instead, for a peer without {@code StreamEvents}.
     */
    void send(String address, ManagedChannel channel, PushEventsRequest request, Duration timeout,
              StreamObserver<PushEventsResponse> answer, Consumer<StreamObserver<PushEventsResponse>> unary) {
        // a stream found open may end before the batch is on it: up to three are tried
        for (int tries = 0; tries < 3; tries++) {
            if (unsupported.contains(address)) {
                unary.accept(answer);
                return;
            }
            BatchCall call = open.get(address);
            if (call == null || call.channel != channel || !call.accepting()) {
                BatchCall fresh = new BatchCall(address, channel);
                fresh.start();
                if (!(call == null ? open.putIfAbsent(address, fresh) == null : open.replace(address, call, fresh))) {
                    fresh.halfClose(); // another thread opened one first: use that one
                    continue;
                }
                if (call != null) {
                    call.halfClose();
                }
                call = fresh;
            }
            if (call.offer(request, timeout, answer, unary)) {
                return;
            }
            open.remove(address, call);
        }
        answer.onError(Status.UNAVAILABLE.withDescription("no stream to the peer could be opened").asRuntimeException());
    }

    /**
     * The channel was closed: its stream takes no more batches and ends once those it carries are
     * answered. The next channel may reach another process at that address (a pod upgraded in
     * place), so whether it knows the stream is asked again.
     */
    void channelClosed(String address, ManagedChannel channel) {
        unsupported.remove(address);
        BatchCall call = open.get(address);
        if (call != null && call.channel == channel && open.remove(address, call)) {
            call.halfClose();
        }
    }

    /** Streams open now (tests and diagnostics). */
    int openStreams() {
        return open.size();
    }

    /** A batch sent and not answered yet. */
    private record Waiting(StreamObserver<PushEventsResponse> answer,
                           Consumer<StreamObserver<PushEventsResponse>> unary, ScheduledFuture<?> timeout) {
    }

    /** One {@code StreamEvents} call and the batches waiting for their answer on it. */
    private final class BatchCall implements ClientResponseObserver<PushEventsRequest, PushEventsResponse> {
        private final String address;
        private final ManagedChannel channel;
        private final Map<Long, Waiting> waiting = new HashMap<>();
        private ClientCallStreamObserver<PushEventsRequest> requests;
        private long lastBatchId;
        /** No more batches go on this call: it ended, or it was half-closed. */
        private boolean closedForBatches;

        BatchCall(String address, ManagedChannel channel) {
            this.address = address;
            this.channel = channel;
        }

        /** Opens the stream; it may end at once (a closed channel), and then takes no batch. */
        void start() {
            // no deadline: the stream lives as long as the channel; each batch has its own timeout
            MessageForwardingServiceGrpc.newStub(channel).streamEvents(this);
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<PushEventsRequest> requestStream) {
            this.requests = requestStream;
        }

        synchronized boolean accepting() {
            return !closedForBatches;
        }

        /** Sends the batch; false when this call takes no more batches. */
        boolean offer(PushEventsRequest request, Duration timeout, StreamObserver<PushEventsResponse> answer,
                      Consumer<StreamObserver<PushEventsResponse>> unary) {
            synchronized (this) {
                if (closedForBatches) {
                    return false;
                }
                long id = ++lastBatchId;
                ScheduledFuture<?> timer = timeoutOrNull(id, timeout);
                if (timer != null) {
                    waiting.put(id, new Waiting(answer, unary, timer));
                    try {
                        requests.onNext(request.toBuilder().setBatchId(id).build());
                        return true;
                    } catch (RuntimeException e) {
                        // the call was cancelled under us: it ends, and this batch goes on the next one
                        waiting.remove(id).timeout().cancel(false);
                        closedForBatches = true;
                        return false;
                    }
                }
            }
            // The forwarder is closing: no timeout can be kept, so the batch is not sent. Answered
            // outside the lock, as every other answer is: the caller's reaction (a retry, the next
            // batch from another thread) must not wait for this call's lock.
            answer.onError(Status.UNAVAILABLE.withDescription("forwarder closing").asRuntimeException());
            return true;
        }

        /** The batch's timeout, scheduled; null when the timer no longer takes tasks (the forwarder is closing). */
        private ScheduledFuture<?> timeoutOrNull(long id, Duration timeout) {
            try {
                return PeerStreams.this.timer.schedule(() -> timedOut(id), timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return null;
            }
        }

        @Override
        public void onNext(PushEventsResponse response) {
            Waiting answered;
            synchronized (this) {
                answered = waiting.remove(response.getBatchId());
            }
            if (answered == null) {
                return; // already timed out
            }
            answered.timeout().cancel(false);
            answered.answer().onNext(response);
            answered.answer().onCompleted();
        }

        @Override
        public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            List<Waiting> left = end();
            if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                if (unsupported.add(address)) {
                    log.info("peer {} does not know StreamEvents (an older pod?); forwarding to it with PushEvents",
                            address);
                }
                left.forEach(batch -> batch.unary().accept(batch.answer()));
                return;
            }
            left.forEach(batch -> batch.answer().onError(t));
        }

        @Override
        public void onCompleted() {
            // the peer ended the stream (it is shutting down): what it did not answer, it did not take
            List<Waiting> left = end();
            left.forEach(batch -> batch.answer().onError(
                    Status.UNAVAILABLE.withDescription("stream ended by the peer").asRuntimeException()));
        }

        private void timedOut(long id) {
            Waiting late;
            synchronized (this) {
                late = waiting.get(id);
            }
            if (late == null) {
                return;
            }
            // the peer holds a batch past its timeout: this stream is not to be trusted with more
            List<Waiting> left = end();
            requests.cancel("a batch was not answered in time", null);
            left.forEach(batch -> batch.answer().onError(Status.DEADLINE_EXCEEDED
                    .withDescription("batch not answered on the stream in time").asRuntimeException()));
        }

        /** Takes no more batches; the ones waiting stay and are answered, then the peer ends the stream. */
        void halfClose() {
            synchronized (this) {
                if (closedForBatches) {
                    return;
                }
                closedForBatches = true;
            }
            try {
                requests.onCompleted();
            } catch (RuntimeException e) {
                log.debug("stream to {} not half-closed: {}", address, e.toString());
            }
        }

        /** Ends the call for good: returns what was still waiting, with its timeouts cancelled. */
        private List<Waiting> end() {
            List<Waiting> left;
            synchronized (this) {
                closedForBatches = true;
                left = new ArrayList<>(waiting.values());
                waiting.clear();
            }
            open.remove(address, this);
            left.forEach(batch -> batch.timeout().cancel(false));
            return left;
        }
    }
}
