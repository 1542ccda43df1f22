package io.daisi.ws.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final class Hinted extends RuntimeException implements RetryAfter {
        private final Duration after;

        Hinted(Duration after) {
            this.after = after;
        }

        @Override
        public Duration retryAfter() {
            return after;
        }
    }

    @Test
    void findsTheHintThroughWrappers() {
        assertThat(RetryAfter.of(new CompletionException(new Hinted(Duration.ofSeconds(3)))))
                .contains(Duration.ofSeconds(3));
    }

    @Test
    void aZeroHintOrNoHintLeavesTheBackoff() {
        assertThat(RetryAfter.of(new Hinted(Duration.ZERO))).isEmpty();
        assertThat(RetryAfter.of(new IllegalStateException("plain"))).isEmpty();
    }
}
