package io.daisi.ws.store.memory;

import io.daisi.ws.routing.PodDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Heartbeats in this process, expiring by the clock (standalone mode, tests). */
public final class InMemoryPodDirectory implements PodDirectory {
    private record Beat(String address, Instant expiresAt) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Beat> beats = new ConcurrentHashMap<>();

    public InMemoryPodDirectory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> beat(String podId, String grpcAddress, Duration ttl) {
        beats.put(podId, new Beat(grpcAddress, clock.instant().plus(ttl)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(String podId) {
        beats.remove(podId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, Optional<String>>> addresses(Collection<String> podIds) {
        Instant now = clock.instant();
        Map<String, Optional<String>> result = new LinkedHashMap<>();
        for (String pod : podIds) {
            Beat beat = beats.computeIfPresent(pod, (k, b) -> b.expiresAt().isAfter(now) ? b : null);
            result.put(pod, Optional.ofNullable(beat).map(Beat::address));
        }
        return CompletableFuture.completedFuture(result);
    }
}
