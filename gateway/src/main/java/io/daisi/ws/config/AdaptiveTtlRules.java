package io.daisi.ws.config;

import java.time.Duration;
import java.util.Optional;

/** Activity-based TTL for one kind of key (SPEC §5 "Adaptive TTL"). */
public record AdaptiveTtlRules(
        boolean enabled,
        int minTtlSeconds,
        int maxTtlSeconds,
        int activityThresholdSeconds,
        int activeTtlSeconds,
        int inactiveTtlSeconds) {

    /** A TTL and why it was chosen ({@code dws_redis_ttl_decision_total}'s decision label). */
    public record Decision(Duration ttl, String reason) {
    }

    /**
     * The TTL to apply at renewal given how long ago the key was last active (empty = no
     * activity mark, i.e. inactive): active within the threshold or not, then clamped.
     */
    public Decision decide(Optional<Duration> sinceLastActive) {
        String reason;
        int chosen;
        if (sinceLastActive.isEmpty()) {
            reason = "inactive_no_key";
            chosen = inactiveTtlSeconds;
        } else if (sinceLastActive.get().compareTo(Duration.ofSeconds(activityThresholdSeconds)) <= 0) {
            reason = "active";
            chosen = activeTtlSeconds;
        } else {
            reason = "inactive_threshold";
            chosen = inactiveTtlSeconds;
        }
        return new Decision(Duration.ofSeconds(Math.max(minTtlSeconds, Math.min(maxTtlSeconds, chosen))), reason);
    }
}
