package io.daisi.ws.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: the {@code <key>:last_active} marks of adaptive TTL (SPEC §5) — when events were last
 * delivered for a session lock or route key.
 */
public interface ActivityMarks {
    /** Writes each key's mark; a mark is kept for {@code keep}, after which it no longer matters. */
    CompletionStage<Void> record(Map<String, Instant> lastActiveByKey, Duration keep);

    /** Each key's mark; empty when there is none. */
    CompletionStage<Map<String, Optional<Instant>>> lastActive(Collection<String> keys);
}
