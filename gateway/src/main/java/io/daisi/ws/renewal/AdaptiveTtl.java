package io.daisi.ws.renewal;

import io.daisi.ws.config.AdaptiveTtlRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the TTL of one kind of key at renewal (SPEC §5 "Adaptive TTL"). Disabled: the fixed
 * TTL. Enabled: the activity seen on this pod since the last round is written to the keys'
 * {@code :last_active} marks, then each key gets the active or inactive TTL by the age of its mark.
 * Both steps are one pipelined batch; a store failure falls back to the fixed TTL.
 */
public final class AdaptiveTtl {
    private static final Logger log = LoggerFactory.getLogger(AdaptiveTtl.class);

    private final String keyType;
    private final Supplier<AdaptiveTtlRules> rules;
    private final Supplier<Duration> fixedTtl;
    private final ActivityMarks marks;
    private final Clock clock;
    private final TtlMetrics metrics;

    /** {@code keyType} is the metric label: {@code session_lock}, {@code chat_route} or {@code message_route}. */
    public AdaptiveTtl(String keyType, Supplier<AdaptiveTtlRules> rules, Supplier<Duration> fixedTtl,
                       ActivityMarks marks, Clock clock, TtlMetrics metrics) {
        this.keyType = keyType;
        this.rules = rules;
        this.fixedTtl = fixedTtl;
        this.marks = marks;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The TTL of each of {@code keys}; {@code activeSinceLastRound} holds the keys that had
     * deliveries since the previous round, with the time of the latest.
     */
    public CompletionStage<Map<String, Duration>> ttls(Collection<String> keys, Map<String, Instant> activeSinceLastRound) {
        AdaptiveTtlRules current = rules.get();
        if (!current.enabled()) {
            return CompletableFuture.completedFuture(fixed(keys, "disabled_config"));
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        Duration keep = Duration.ofSeconds(Math.max(current.activityThresholdSeconds(), current.maxTtlSeconds()));
        CompletionStage<Void> recorded = activeSinceLastRound.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : marks.record(activeSinceLastRound, keep);
        return recorded
                .thenCompose(ignored -> marks.lastActive(keys))
                .thenApply(lastActive -> decide(keys, lastActive, current))
                .exceptionally(failure -> {
                    log.warn("adaptive TTL for {} keys failed ({}); using the fixed TTL", keyType, failure.toString());
                    return fixed(keys, "error_fetching_activity");
                });
    }

    private Map<String, Duration> decide(Collection<String> keys, Map<String, Optional<Instant>> lastActive,
                                         AdaptiveTtlRules current) {
        Instant now = clock.instant();
        Map<String, Duration> result = new LinkedHashMap<>();
        for (String key : keys) {
            Optional<Duration> age = lastActive.getOrDefault(key, Optional.empty())
                    .map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now));
            age.ifPresent(a -> metrics.activityAge(keyType, a.toMillis() / 1000.0));
            AdaptiveTtlRules.Decision decision = current.decide(age);
            metrics.ttlDecided(keyType, decision.reason(), decision.ttl().toSeconds());
            result.put(key, decision.ttl());
        }
        return result;
    }

    private Map<String, Duration> fixed(Collection<String> keys, String reason) {
        Duration ttl = fixedTtl.get();
        Map<String, Duration> result = new LinkedHashMap<>();
        for (String key : keys) {
            metrics.ttlDecided(keyType, reason, ttl.toSeconds());
            result.put(key, ttl);
        }
        return result;
    }
}
