package io.daisi.ws.routing;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivers each consumed event to its audience. In standalone mode every socket
 * is local, so delivery is the local hand-off.
 */
public final class EventRouter implements EventDispatcher {
    private final LocalDelivery localDelivery;

    public EventRouter(LocalDelivery localDelivery) {
        this.localDelivery = localDelivery;
    }

    @Override
    public CompletionStage<Void> dispatch(Event event) {
        localDelivery.deliver(event);
        return CompletableFuture.completedFuture(null);
    }
}
