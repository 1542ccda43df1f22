package io.daisi.ws.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Peer addresses from the pods' heartbeats, with a short memory of live pods so that a burst of
 * events costs one heartbeat read per peer, not one per event. Only live answers are remembered:
 * a pod not known to be alive is always looked up, so a pod that has just started is never
 * skipped; a remembered pod that has died since shows up as a failed forward, which is
 * re-checked with {@link #isAlive}.
 */
public final class LivePeers {
    private record Known(String address, long seenAtNanos) {
    }

    private final PodDirectory directory;
    private final long rememberNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    public LivePeers(PodDirectory directory, Duration remember, LongSupplier nanoTime) {
        this.directory = directory;
        this.rememberNanos = remember.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Each pod's address; empty for a pod without a heartbeat. */
    public CompletionStage<Map<String, Optional<String>>> addresses(List<String> podIds) {
        Map<String, Optional<String>> result = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String pod : podIds) {
            Optional<String> address = rememberedAddress(pod);
            if (address.isPresent()) {
                result.put(pod, address);
            } else {
                unknown.add(pod);
            }
        }
        if (unknown.isEmpty()) {
            return CompletableFuture.completedFuture(result);
        }
        return lookUp(unknown).thenApply(found -> {
            result.putAll(found);
            return result;
        });
    }

    /** The address of {@code podId} if it is remembered alive now; never reads the store. */
    public Optional<String> rememberedAddress(String podId) {
        Known k = known.get(podId);
        return k != null && nanoTime.getAsLong() - k.seenAtNanos() < rememberNanos
                ? Optional.of(k.address()) : Optional.empty();
    }

    /** A fresh look at the heartbeat; a failed lookup counts as alive (the event is redelivered, not lost). */
    public CompletionStage<Boolean> isAlive(String podId) {
        known.remove(podId);
        return lookUp(List.of(podId))
                .thenApply(found -> found.getOrDefault(podId, Optional.empty()).isPresent())
                .exceptionally(failure -> true);
    }

    private CompletionStage<Map<String, Optional<String>>> lookUp(List<String> podIds) {
        return directory.addresses(podIds).thenApply(found -> {
            long now = nanoTime.getAsLong();
            found.forEach((pod, address) -> {
                if (address.isPresent()) {
                    known.put(pod, new Known(address.get(), now));
                } else {
                    known.remove(pod);
                }
            });
            return found;
        });
    }
}
