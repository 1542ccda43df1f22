package io.daisi.ws.routing;

import io.daisi.ws.events.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an event to every matching socket of this pod; returns how many. The sockets are grouped
 * by their event loop and each loop gets one task for the event: a delivery to a thousand sockets
 * on four loops costs four task hand-offs, not a thousand. Per loop, tasks keep their order, so each
 * socket still sees the events (and anything queued behind them) in the order they were handed over.
 */
public final class LocalDelivery {
    private static final Logger log = LoggerFactory.getLogger(LocalDelivery.class);

    private final SubscriptionIndex index;

    public LocalDelivery(SubscriptionIndex index) {
        this.index = index;
    }

    public int deliver(Event event) {
        return index.forEachLoop(event.subject(), (loop, subscribers) -> loop.execute(() -> deliverAll(event, subscribers)));
    }

    private static void deliverAll(Event event, Subscriber[] subscribers) {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.deliverInLoop(event);
            } catch (RuntimeException e) {
                // one socket's failure never keeps the event from the others (SPEC §11)
                log.error("delivering event {} to a socket failed", event.eventId(), e);
            }
        }
    }
}
