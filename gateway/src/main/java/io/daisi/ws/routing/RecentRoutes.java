package io.daisi.ws.routing;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other pods of each route as its last read found them: a guess, used only to forward an
 * event before the read of its own route set answers. It never decides who must receive an event
 * (the fresh read does), so a stale entry costs at most one needless forward and a missing one
 * only the time of a read. Bounded: past {@link #MAX_ROUTES} keys it starts again from empty.
 */
final class RecentRoutes {
    /** Route keys remembered at most (a few MB at most; a cleared map refills with one read per route). */
    static final int MAX_ROUTES = 65_536;

    private final ConcurrentHashMap<String, List<String>> otherPods = new ConcurrentHashMap<>();

    /** The other pods {@code routeKey} had when last read; empty when unknown or when it had none. */
    List<String> otherPods(String routeKey) {
        return otherPods.getOrDefault(routeKey, List.of());
    }

    /** What a fresh read of {@code routeKey} found, without this pod. */
    void remember(String routeKey, List<String> pods) {
        if (pods.isEmpty()) {
            otherPods.remove(routeKey);
            return;
        }
        if (otherPods.size() >= MAX_ROUTES && !otherPods.containsKey(routeKey)) {
            otherPods.clear();
        }
        otherPods.put(routeKey, List.copyOf(pods));
    }

    int size() {
        return otherPods.size();
    }
}
