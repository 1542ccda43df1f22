package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FanoutScenarioTest {

    @Test
    void theWarmUpIsItsSecondsTimesItsRateOfTheEvents() {
        // 120 s at 100/s, then 15,000 at a saturating rate: the socket.io side by side's saturation run
        assertThat(FanoutScenario.warmupEvents(12_000 + 15_000, 120, 100)).isEqualTo(12_000);
        assertThat(FanoutScenario.warmupEvents(100, 0, 50)).isZero();
    }

    @Test
    void aWarmUpThatLeavesNothingToMeasureIsAUsageError() {
        assertThatThrownBy(() -> FanoutScenario.warmupEvents(6_000, 120, 50))
                .isInstanceOf(UsageException.class).hasMessageContaining("nothing would be measured");
        assertThatThrownBy(() -> FanoutScenario.warmupEvents(10, 600, 1_000_000))
                .isInstanceOf(UsageException.class);
    }
}
