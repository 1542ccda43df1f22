package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NakBackoffTest {

    @Test
    void doublesFromTheFirstDelayUpToTheMaximum() {
        NakBackoff backoff = NakBackoff.DEFAULT;
        assertThat(backoff.delayFor(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayFor(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayFor(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delayFor(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayFor(Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayFor(0)).as("no attempt count: the first delay").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterHintIsFollowedWithAMarginWithinTheFirstDelayAndTheCap() {
        NakBackoff backoff = NakBackoff.DEFAULT;
        Duration cap = Duration.ofSeconds(15);
        assertThat(backoff.delayFor(1, Optional.of(Duration.ofSeconds(7)), cap)).isEqualTo(Duration.ofMillis(7500));
        assertThat(backoff.delayFor(4, Optional.of(Duration.ofSeconds(3)), cap))
                .as("the hint, not the longer backoff: the peer can take it then").isEqualTo(Duration.ofMillis(3500));
        assertThat(backoff.delayFor(1, Optional.of(Duration.ofSeconds(29)), cap)).isEqualTo(cap);
        assertThat(backoff.delayFor(1, Optional.of(Duration.ZERO), cap)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayFor(3, Optional.empty(), cap)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void rejectsAMaximumBelowTheFirstDelay() {
        assertThatThrownBy(() -> new NakBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
