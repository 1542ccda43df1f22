package io.daisi.ws.store.memory;

import io.daisi.ws.auth.TokenCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The token cache in this process's memory. Entries expire lazily on read; the map is also kept
 * under a bound, because a flood of distinct valid tokens must not be able to exhaust the heap.
 */
public final class InMemoryTokenCache implements TokenCache {

    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Entry(String value, Instant expiresAt) {
        boolean isExpiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxEntries;
    private final AtomicBoolean trimming = new AtomicBoolean();

    public InMemoryTokenCache() {
        this(Clock.systemUTC(), DEFAULT_MAX_ENTRIES);
    }

    public InMemoryTokenCache(Clock clock, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
    }

    @Override
    public CompletionStage<Optional<String>> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (entry.isExpiredAt(clock.instant())) {
            entries.remove(key, entry); // only this entry: a fresh put may have replaced it meanwhile
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(Optional.of(entry.value()));
    }

    /** A non-positive TTL stores nothing, and drops what was there, as the value would be stale at once. */
    @Override
    public CompletionStage<Void> put(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (ttl.isNegative() || ttl.isZero()) {
            entries.remove(key);
        } else {
            entries.put(key, new Entry(value, clock.instant().plus(ttl)));
            if (entries.size() > maxEntries) {
                trim();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** How many entries are held, expired ones not yet evicted included. */
    public int size() {
        return entries.size();
    }

    /**
     * Drops expired entries, then arbitrary ones, down to 90% of the bound: the headroom makes the
     * full scan rare, so its cost spreads over many puts. Arbitrary eviction is fine for a cache
     * whose misses only cost a decryption. One thread trims at a time; the others carry on.
     */
    private void trim() {
        if (!trimming.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = clock.instant();
            entries.values().removeIf(entry -> entry.isExpiredAt(now));
            int target = maxEntries - maxEntries / 10;
            Iterator<String> keys = entries.keySet().iterator();
            while (entries.size() > target && keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        } finally {
            trimming.set(false);
        }
    }
}
