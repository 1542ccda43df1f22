package io.daisi.ws.routing;

/** Told when this pod gains its first, or loses its last, socket for a route key. */
public interface RouteListener {
    void routeAdded(String routeKey);

    void routeRemoved(String routeKey);

    RouteListener NONE = new RouteListener() {
        @Override
        public void routeAdded(String routeKey) {
        }

        @Override
        public void routeRemoved(String routeKey) {
        }
    };
}
