package io.daisi.ws.routing;

import io.daisi.ws.events.EventKind;

/** What event routing reports; implemented by the metrics registry. */
public interface RoutingMetrics {
    void eventReceived(EventKind kind);

    void delivered(int sockets);

    RoutingMetrics NONE = new RoutingMetrics() {
        @Override
        public void eventReceived(EventKind kind) {
        }

        @Override
        public void delivered(int sockets) {
        }
    };
}
