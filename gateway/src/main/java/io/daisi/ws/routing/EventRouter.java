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
    private final RoutingMetrics metrics;

    public EventRouter(LocalDelivery localDelivery, RoutingMetrics metrics) {
        this.localDelivery = localDelivery;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Void> dispatch(Event event) {
        metrics.delivered(localDelivery.deliver(event));
        return CompletableFuture.completedFuture(null);
    }
}
