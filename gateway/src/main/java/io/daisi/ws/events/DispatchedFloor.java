package io.daisi.ws.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of a source that dispatches in stream order and hands each event to local sockets
 * before its dispatch returns ({@code per_pod} consumers and the in-process bus): the sequence of
 * the last event whose dispatch has returned. It decorates the dispatcher that the source calls.
 */
public final class DispatchedFloor implements StreamFloor, EventDispatcher {
    private final EventDispatcher delegate;
    private final AtomicLong floor = new AtomicLong();

    public DispatchedFloor(EventDispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<Void> dispatch(Event event) {
        CompletionStage<Void> stage = delegate.dispatch(event);
        // The hand-off to every local socket happened inside dispatch; a redelivered, older
        // event must not move the floor back.
        floor.accumulateAndGet(event.seq(), Math::max);
        return stage;
    }

    @Override
    public CompletionStage<Long> read() {
        return CompletableFuture.completedFuture(floor.get());
    }

    @Override
    public long lastRead() {
        return floor.get();
    }
}
