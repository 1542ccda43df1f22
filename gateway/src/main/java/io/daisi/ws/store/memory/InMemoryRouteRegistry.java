package io.daisi.ws.store.memory;

import io.daisi.ws.routing.RouteRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Routes of the only pod there is (standalone mode). */
public final class InMemoryRouteRegistry implements RouteRegistry {
    private final String podId;
    private final Set<String> routes = ConcurrentHashMap.newKeySet();

    public InMemoryRouteRegistry(String podId) {
        this.podId = podId;
    }

    @Override
    public CompletionStage<Void> register(String routeKey) {
        routes.add(routeKey);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unregister(String routeKey) {
        routes.remove(routeKey);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Set<String>> pods(String routeKey) {
        return CompletableFuture.completedFuture(routes.contains(routeKey) ? Set.of(podId) : Set.of());
    }

    @Override
    public CompletionStage<Void> refresh(Map<String, Duration> ttlByKey) {
        routes.addAll(ttlByKey.keySet());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> removePod(String routeKey, String deadPodId) {
        if (podId.equals(deadPodId)) {
            routes.remove(routeKey);
        }
        return CompletableFuture.completedFuture(null);
    }
}
