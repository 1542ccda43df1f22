package io.daisi.ws.cluster;

import io.daisi.ws.cluster.proto.ForwardedEvent;
import io.daisi.ws.events.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The events waiting for one peer, sent as batches with at most one batch in flight. Batching
 * adds no latency at light load: an event for a peer with nothing in flight leaves at once, alone.
 * Only while a batch is in flight do events wait — for no longer than that batch's round trip —
 * and then they leave together, so under a burst the number of calls per second adapts to the
 * peer's round trip instead of growing with the event rate.
 */
final class PeerBatcher {
    /** Events per batch, at most. */
    static final int MAX_EVENTS = 512;
    /** JSON bytes per batch, at most (well under gRPC's default 4 MiB inbound limit); one event always fits. */
    static final int MAX_BYTES = 1 << 20;

    /** One event waiting: its proto entry, built once, and the stage its forward returned. */
    record Pending(Event event, ForwardedEvent message, CompletableFuture<Void> result) {
    }

    /** A batch to send; its sender runs {@code done} once the batch has its answer, whatever it was. */
    record Batch(List<Pending> events, Runnable done) {
    }

    private final Consumer<Batch> sender;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean sending;

    /** {@code sender} must not block: it starts the call and returns. */
    PeerBatcher(Consumer<Batch> sender) {
        this.sender = sender;
    }

    void add(Pending pending) {
        List<Pending> batch;
        synchronized (this) {
            waiting.add(pending);
            if (sending) {
                return;
            }
            sending = true;
            batch = take();
        }
        send(batch);
    }

    /** True when nothing waits and nothing is in flight. */
    synchronized boolean idle() {
        return !sending && waiting.isEmpty();
    }

    private void sent() {
        List<Pending> batch;
        synchronized (this) {
            if (waiting.isEmpty()) {
                sending = false;
                return;
            }
            batch = take();
        }
        send(batch);
    }

    private void send(List<Pending> batch) {
        try {
            sender.accept(new Batch(batch, this::sent));
        } catch (RuntimeException e) {
            // the sender must complete every stage; if it threw, fail them here and keep the queue moving
            batch.forEach(pending -> pending.result().completeExceptionally(e));
            sent();
        }
    }

    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), MAX_EVENTS));
        long bytes = 0;
        while (!waiting.isEmpty() && batch.size() < MAX_EVENTS) {
            Pending next = waiting.peek();
            bytes += next.message().getSerializedSize();
            if (!batch.isEmpty() && bytes > MAX_BYTES) {
                break;
            }
            batch.add(waiting.poll());
        }
        return batch;
    }
}
