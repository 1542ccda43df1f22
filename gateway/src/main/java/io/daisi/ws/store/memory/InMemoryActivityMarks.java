package io.daisi.ws.store.memory;

import io.daisi.ws.renewal.ActivityMarks;
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

/** Activity marks in this process (standalone mode); expired marks are swept at each write. */
public final class InMemoryActivityMarks implements ActivityMarks {
    private record Mark(Instant at, Instant keepUntil) {
    }

    private final ConcurrentHashMap<String, Mark> marks = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Marks expire by {@code clock}, the same clock that decides the TTLs that read them. */
    public InMemoryActivityMarks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> record(Map<String, Instant> lastActiveByKey, Duration keep) {
        Instant now = clock.instant();
        marks.values().removeIf(mark -> mark.keepUntil().isBefore(now));
        lastActiveByKey.forEach((key, at) -> marks.put(key, new Mark(at, at.plus(keep))));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, Optional<Instant>>> lastActive(Collection<String> keys) {
        Instant now = clock.instant();
        Map<String, Optional<Instant>> result = new LinkedHashMap<>();
        for (String key : keys) {
            Mark mark = marks.computeIfPresent(key, (k, m) -> m.keepUntil().isBefore(now) ? null : m);
            result.put(key, Optional.ofNullable(mark).map(Mark::at));
        }
        return CompletableFuture.completedFuture(result);
    }
}
