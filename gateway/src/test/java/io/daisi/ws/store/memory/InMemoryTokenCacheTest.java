package io.daisi.ws.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InMemoryTokenCacheTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryTokenCache cache = new InMemoryTokenCache(clock, 1_000);

    @Test
    void returnsWhatWasPut() {
        assertThat(cache.put("k", "v", Duration.ofSeconds(10))).isCompleted();

        assertThat(value(cache.get("k"))).hasValue("v");
        assertThat(value(cache.get("other"))).isEmpty();
    }

    @Test
    void laterPutReplaces() {
        cache.put("k", "v1", Duration.ofSeconds(10));
        cache.put("k", "v2", Duration.ofSeconds(10));

        assertThat(value(cache.get("k"))).hasValue("v2");
    }

    @Test
    void entryExpiresAfterItsTtlAndIsEvictedOnRead() {
        cache.put("k", "v", Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(9));
        assertThat(value(cache.get("k"))).hasValue("v");

        clock.advance(Duration.ofSeconds(1));
        assertThat(value(cache.get("k"))).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void nonPositiveTtlStoresNothing() {
        cache.put("k", "v", Duration.ofSeconds(10));
        cache.put("k", "v2", Duration.ZERO);

        assertThat(value(cache.get("k"))).isEmpty();
    }

    @Test
    void staysWithinItsBoundDroppingExpiredEntriesFirst() {
        InMemoryTokenCache small = new InMemoryTokenCache(clock, 100);
        small.put("old", "v", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));

        for (int i = 0; i < 1_000; i++) {
            small.put("k" + i, "v" + i, Duration.ofMinutes(5));
            assertThat(small.size()).isLessThanOrEqualTo(100);
        }
        small.put("newest", "v", Duration.ofMinutes(5));

        assertThat(small.size()).isBetween(90, 100);
        assertThat(value(small.get("newest"))).hasValue("v");
    }

    @Test
    void defaultBoundIsAHundredThousand() {
        assertThat(InMemoryTokenCache.DEFAULT_MAX_ENTRIES).isEqualTo(100_000);
    }

    private static Optional<String> value(CompletionStage<Optional<String>> stage) {
        assertThat(stage).isCompleted();
        return stage.toCompletableFuture().join();
    }
}
