package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    void rejectsAMaximumBelowTheFirstDelay() {
        assertThatThrownBy(() -> new NakBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
