package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpirySecondsTest {

    @Test
    void wholeSecondsStay() {
        assertThat(ExpirySeconds.of(Duration.ofSeconds(30))).isEqualTo(30);
        assertThat(ExpirySeconds.of(Duration.ofMinutes(5))).isEqualTo(300);
    }

    @Test
    void fractionsRoundUpSoAKeyNeverExpiresEarly() {
        assertThat(ExpirySeconds.of(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(ExpirySeconds.of(Duration.ofNanos(1))).isEqualTo(1);
    }

    @Test
    void nothingIsAtLeastOneSecondBecauseRedisRefusesZero() {
        assertThat(ExpirySeconds.of(Duration.ZERO)).isEqualTo(1);
        assertThat(ExpirySeconds.of(Duration.ofSeconds(-5))).isEqualTo(1);
    }
}
