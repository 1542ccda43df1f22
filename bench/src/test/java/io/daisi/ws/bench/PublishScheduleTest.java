package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublishScheduleTest {

    @Test
    void theWarmUpIsPublishedAtItsOwnRateAndTheRestAtTheirsFromWhereItEnded() {
        // 300 warm-up events at 100/s take 3 s; the next ones follow at 1,000/s
        PublishSchedule schedule = new PublishSchedule(300, 100, 1_000);
        assertThat(schedule.offsetNanos(0)).isZero();
        assertThat(schedule.offsetNanos(150)).isEqualTo(1_500_000_000L);
        assertThat(schedule.offsetNanos(299)).isEqualTo(2_990_000_000L);
        assertThat(schedule.offsetNanos(300)).isEqualTo(3_000_000_000L);
        assertThat(schedule.offsetNanos(1_300)).isEqualTo(4_000_000_000L);
    }

    @Test
    void withoutAWarmUpOfItsOwnOneRateHoldsThroughout() {
        assertThat(PublishSchedule.steady(200).offsetNanos(600)).isEqualTo(3_000_000_000L);
        assertThat(new PublishSchedule(400, 200, 200).offsetNanos(600)).isEqualTo(3_000_000_000L);
        assertThat(PublishSchedule.steady(1_000_000).offsetNanos(1_000_000)).isEqualTo(1_000_000_000L);
    }

    @Test
    void aNegativeWarmUpOrANonPositiveRateIsRefused() {
        assertThatThrownBy(() -> new PublishSchedule(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishSchedule(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishSchedule(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
