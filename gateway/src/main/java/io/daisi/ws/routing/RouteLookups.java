package io.daisi.ws.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Route-set reads for a burst of events at the cost of a few round trips, not one per event.
 * A read asked for while none is in flight goes out at once; reads asked for while one is in
 * flight wait for it, then leave together as one pipelined lookup of their distinct keys. So a
 * burst of N events on K routes costs about (burst duration / round trip) lookups of at most K
 * keys each.
 *
 * <p>Never a stale answer: a waiting read is never served from the lookup that was already in
 * flight when it was asked for (that one may have been sent before a socket registered); every
 * key is read by a lookup sent after its event was taken, so it sees every registration that
 * Redis had acknowledged by then.
 */
final class RouteLookups {
    private record Waiting(String routeKey, CompletableFuture<Set<String>> pods) {
    }

    private final RouteRegistry routes;
    private List<Waiting> waiting = new ArrayList<>();
    private boolean inFlight;

    RouteLookups(RouteRegistry routes) {
        this.routes = routes;
    }

    /** The pods of {@code routeKey}, as read by a lookup sent after this call. */
    CompletionStage<Set<String>> pods(String routeKey) {
        CompletableFuture<Set<String>> pods = new CompletableFuture<>();
        List<Waiting> batch;
        synchronized (this) {
            waiting.add(new Waiting(routeKey, pods));
            if (inFlight) {
                return pods;
            }
            inFlight = true;
            batch = takeWaiting();
        }
        lookUp(batch);
        return pods;
    }

    private List<Waiting> takeWaiting() {
        List<Waiting> batch = waiting;
        waiting = new ArrayList<>();
        return batch;
    }

    private void lookUp(List<Waiting> batch) {
        Set<String> keys = new LinkedHashSet<>();
        batch.forEach(w -> keys.add(w.routeKey()));
        CompletionStage<Map<String, Set<String>>> read;
        try {
            read = routes.pods(keys);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((found, failure) -> {
            for (Waiting w : batch) {
                if (failure != null) {
                    w.pods().completeExceptionally(failure);
                } else {
                    w.pods().complete(found.getOrDefault(w.routeKey(), Set.of()));
                }
            }
            next();
        });
    }

    private void next() {
        List<Waiting> batch;
        synchronized (this) {
            if (waiting.isEmpty()) {
                inFlight = false;
                return;
            }
            batch = takeWaiting();
        }
        lookUp(batch);
    }
}
