package io.daisi.ws.routing;

/** What event routing reports; implemented by the metrics registry. */
public interface RoutingMetrics {
    void delivered(int sockets);

    RoutingMetrics NONE = new RoutingMetrics() {
        @Override
        public void delivered(int sockets) {
        }
    };
}
