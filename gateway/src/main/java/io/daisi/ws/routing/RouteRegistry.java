package io.daisi.ws.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Records which pods hold sockets for a route key (SPEC §6 "Route registry").
 * The adapter knows its own pod id; register/unregister speak for this pod.
 */
public interface RouteRegistry {
    CompletionStage<Void> register(String routeKey);

    CompletionStage<Void> unregister(String routeKey);

    CompletionStage<Set<String>> pods(String routeKey);

    /** Registers this pod again on every key with its TTL, pipelined: the renewal loop's work. */
    CompletionStage<Void> refresh(Map<String, Duration> ttlByKey);

    /** Removes a pod found dead (its heartbeat expired) from a route. */
    CompletionStage<Void> removePod(String routeKey, String deadPodId);
}
