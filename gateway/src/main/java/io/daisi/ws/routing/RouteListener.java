package io.daisi.ws.routing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Told when this pod gains its first, or loses its last, socket for a route key. */
public interface RouteListener {
    /** The returned stage completes when the route is registered; sockets wait for it before "ready". */
    CompletionStage<Void> routeAdded(String routeKey);

    void routeRemoved(String routeKey);

    RouteListener NONE = new RouteListener() {
        @Override
        public CompletionStage<Void> routeAdded(String routeKey) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void routeRemoved(String routeKey) {
        }
    };

    /** Registers and unregisters routes in {@code registry}. */
    static RouteListener registeringIn(RouteRegistry registry) {
        return new RouteListener() {
            @Override
            public CompletionStage<Void> routeAdded(String routeKey) {
                return registry.register(routeKey);
            }

            @Override
            public void routeRemoved(String routeKey) {
                registry.unregister(routeKey);
            }
        };
    }
}
