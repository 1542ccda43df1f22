package io.daisi.ws.routing;

import io.daisi.ws.events.Event;

/** A local socket that can be handed events. Implementations must not block. */
public interface Subscriber {
    void deliver(Event event);
}
