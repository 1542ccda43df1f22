package io.daisi.ws.testsupport;

import io.daisi.ws.routing.RouteRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A route registry that accepts everything and knows no pods; tests override what they observe. */
public class NoOpRouteRegistry implements RouteRegistry {
    @Override
    public CompletionStage<Void> register(String routeKey) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> unregister(String routeKey) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Set<String>> pods(String routeKey) {
        return CompletableFuture.completedFuture(Set.of());
    }

    @Override
    public CompletionStage<Void> refresh(Map<String, Duration> ttlByKey) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> removePod(String routeKey, String deadPodId) {
        return CompletableFuture.completedFuture(null);
    }
}
