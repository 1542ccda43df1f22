package io.daisi.ws.transport;

import io.daisi.ws.events.EventFilter;
import java.util.List;

/** What a socket is subscribed to now: what a read of the history must cover for it. */
@FunctionalInterface
interface SubscribedFilters {
    List<EventFilter> filters();
}
