package io.daisi.ws.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.AdaptiveTtlRules;
import io.daisi.ws.store.memory.InMemoryActivityMarks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AdaptiveTtlTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<String> decisions = new ArrayList<>();
    private final TtlMetrics metrics = new TtlMetrics() {
        @Override
        public void ttlDecided(String keyType, String decision, long ttlSeconds) {
            decisions.add(keyType + ":" + decision + ":" + ttlSeconds);
        }

        @Override
        public void activityAge(String keyType, double seconds) {
        }
    };
    private final InMemoryActivityMarks marks = new InMemoryActivityMarks(clock);

    private AdaptiveTtl ttl(AdaptiveTtlRules rules, ActivityMarks store) {
        return new AdaptiveTtl("session_lock", () -> rules, () -> Duration.ofSeconds(30), store, clock, metrics);
    }

    private static Map<String, Duration> join(CompletionStage<Map<String, Duration>> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void disabledUsesTheFixedTtl() {
        AdaptiveTtl t = ttl(new AdaptiveTtlRules(false, 1, 600, 10, 120, 20), marks);
        assertThat(join(t.ttls(List.of("k"), Map.of("k", NOW)))).containsEntry("k", Duration.ofSeconds(30));
        assertThat(decisions).containsExactly("session_lock:disabled_config:30");
    }

    @Test
    void activeWithinTheThresholdInactiveBeyondItOrWithoutAMark() {
        AdaptiveTtl t = ttl(new AdaptiveTtlRules(true, 1, 600, 10, 120, 20), marks);
        marks.record(Map.of("old", NOW.minusSeconds(11)), Duration.ofSeconds(600));
        Map<String, Duration> result = join(t.ttls(List.of("fresh", "old", "never"), Map.of("fresh", NOW.minusSeconds(3))));
        assertThat(result).containsEntry("fresh", Duration.ofSeconds(120))
                .containsEntry("old", Duration.ofSeconds(20))
                .containsEntry("never", Duration.ofSeconds(20));
        assertThat(decisions).containsExactly("session_lock:active:120", "session_lock:inactive_threshold:20",
                "session_lock:inactive_no_key:20");
    }

    @Test
    void theChosenTtlIsClampedToMinAndMax() {
        AdaptiveTtl t = ttl(new AdaptiveTtlRules(true, 30, 90, 10, 120, 5), marks);
        Map<String, Duration> result = join(t.ttls(List.of("a", "b"), Map.of("a", NOW)));
        assertThat(result).containsEntry("a", Duration.ofSeconds(90)).containsEntry("b", Duration.ofSeconds(30));
    }

    @Test
    void aStoreFailureFallsBackToTheFixedTtl() {
        ActivityMarks broken = new ActivityMarks() {
            @Override
            public CompletionStage<Void> record(Map<String, Instant> lastActiveByKey, Duration keep) {
                return CompletableFuture.failedFuture(new IllegalStateException("down"));
            }

            @Override
            public CompletionStage<Map<String, Optional<Instant>>> lastActive(Collection<String> keys) {
                return CompletableFuture.failedFuture(new IllegalStateException("down"));
            }
        };
        AdaptiveTtl t = ttl(new AdaptiveTtlRules(true, 1, 600, 10, 120, 20), broken);
        assertThat(join(t.ttls(List.of("k"), Map.of("k", NOW)))).containsEntry("k", Duration.ofSeconds(30));
        assertThat(decisions).containsExactly("session_lock:error_fetching_activity:30");
    }
}
