package io.daisi.ws.store.redis;

import io.daisi.ws.renewal.ActivityMarks;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adaptive TTL's activity marks (SPEC §5): {@code <key>:last_active} holds the epoch seconds of
 * the last delivery for a session lock or route key, and expires on its own once it is too old to
 * matter.
 */
public final class RedisActivity implements ActivityMarks {

    private static final Logger log = LoggerFactory.getLogger(RedisActivity.class);

    static final String SUFFIX = ":last_active";

    private final RedisConnector redis;

    public RedisActivity(RedisConnector redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    public static String activityKey(String key) {
        return key + SUFFIX;
    }

    /** Marks {@code key} active at {@code now}; the mark is kept for {@code keep}. */
    public CompletionStage<Void> record(String key, Instant now, Duration keep) {
        return redis.setWithExpiry(activityKey(key), Long.toString(now.getEpochSecond()), keep);
    }

    @Override
    public CompletionStage<Void> record(Map<String, Instant> lastActiveByKey, Duration keep) {
        return Batches.each(lastActiveByKey.entrySet(), entry -> record(entry.getKey(), entry.getValue(), keep))
                .thenApply(replies -> null);
    }

    /** When each key was last active, in one MGET; empty when it has no mark or an unreadable one. */
    @Override
    public CompletionStage<Map<String, Optional<Instant>>> lastActive(Collection<String> keys) {
        return MultiGet.values(redis, keys, RedisActivity::activityKey).thenApply(values -> {
            Map<String, Optional<Instant>> result = new LinkedHashMap<>();
            values.forEach((key, value) -> result.put(key, value.flatMap(text -> parse(key, text))));
            return Collections.unmodifiableMap(result);
        });
    }

    /** Epoch seconds; a fraction is accepted too, in case another writer keeps sub-second precision. */
    private static Optional<Instant> parse(String key, String text) {
        try {
            double seconds = Double.parseDouble(text.trim());
            // also false for NaN
            if (seconds >= Instant.MIN.getEpochSecond() && seconds <= Instant.MAX.getEpochSecond()) {
                long whole = (long) Math.floor(seconds);
                return Optional.of(Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9)));
            }
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            // not a number, or at the very edge of Instant's range: reported below
        }
        log.debug("ignoring unreadable activity mark of {}", key);
        return Optional.empty();
    }
}
