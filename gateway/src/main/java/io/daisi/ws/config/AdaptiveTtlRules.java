package io.daisi.ws.config;

import java.time.Duration;

/** Activity-based TTL for one kind of key (SPEC §5 "Adaptive TTL"). */
public record AdaptiveTtlRules(
        boolean enabled,
        int minTtlSeconds,
        int maxTtlSeconds,
        int activityThresholdSeconds,
        int activeTtlSeconds,
        int inactiveTtlSeconds) {

    /**
     * The TTL to apply at renewal given how long ago the key was last active
     * (empty age = never recorded, i.e. inactive).
     */
    public Duration ttlFor(java.util.Optional<Duration> sinceLastActive) {
        boolean active = sinceLastActive.map(age -> age.toSeconds() < activityThresholdSeconds).orElse(false);
        int chosen = active ? activeTtlSeconds : inactiveTtlSeconds;
        return Duration.ofSeconds(Math.max(minTtlSeconds, Math.min(maxTtlSeconds, chosen)));
    }
}
