package io.daisi.ws.routing;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Records which pods hold sockets for a route key (SPEC §6 "Route registry").
 * The adapter knows its own pod id; register/unregister speak for this pod.
 */
public interface RouteRegistry {
    CompletionStage<Void> register(String routeKey);

    CompletionStage<Void> unregister(String routeKey);

    CompletionStage<Set<String>> pods(String routeKey);

    /**
     * The pods of each key, read in one go (the Redis adapter pipelines the reads); a key without
     * pods maps to an empty set. Each read is issued after this call: it sees every registration
     * completed before it.
     */
    default CompletionStage<Map<String, Set<String>>> pods(Collection<String> routeKeys) {
        Map<String, CompletableFuture<Set<String>>> reads = new LinkedHashMap<>();
        for (String key : routeKeys) {
            reads.put(key, pods(key).toCompletableFuture());
        }
        return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Set<String>> result = new LinkedHashMap<>();
            reads.forEach((key, read) -> result.put(key, read.join()));
            return result;
        });
    }

    /** Registers this pod again on every key with its TTL, pipelined: the renewal loop's work. */
    CompletionStage<Void> refresh(Map<String, Duration> ttlByKey);

    /** Removes a pod found dead (its heartbeat expired) from a route. */
    CompletionStage<Void> removePod(String routeKey, String deadPodId);
}
