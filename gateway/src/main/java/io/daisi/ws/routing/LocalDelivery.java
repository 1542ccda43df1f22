package io.daisi.ws.routing;

import io.daisi.ws.events.Event;

/** Hands an event to every matching socket of this pod; returns how many. */
public final class LocalDelivery {
    private final SubscriptionIndex index;

    public LocalDelivery(SubscriptionIndex index) {
        this.index = index;
    }

    public int deliver(Event event) {
        return index.forEachMatching(event.subject(), subscriber -> subscriber.deliver(event));
    }
}
