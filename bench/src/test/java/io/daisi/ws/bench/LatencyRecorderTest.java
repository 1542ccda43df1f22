package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesOfOneToTenThousand() {
        LatencyRecorder r = new LatencyRecorder();
        for (int v = 1; v <= 10_000; v++) {
            r.record(v);
        }
        Percentiles p = r.summary();
        assertThat(p.count()).isEqualTo(10_000);
        // three significant digits: within 0.1 %
        assertThat(p.p50Us()).isCloseTo(5_000, within(5L));
        assertThat(p.p90Us()).isCloseTo(9_000, within(9L));
        assertThat(p.p99Us()).isCloseTo(9_900, within(10L));
        assertThat(p.p999Us()).isCloseTo(9_990, within(10L));
        assertThat(p.maxUs()).isCloseTo(10_000, within(10L));
        assertThat(p.meanUs()).isCloseTo(5_000.5, within(5.0));
    }

    @Test
    void summariesAccumulateAndNegativeValuesCountAsZero() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(-7);
        assertThat(r.summary().maxUs()).isZero();
        r.record(2_000);
        Percentiles p = r.summary();
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.maxUs()).isCloseTo(2_000, within(2L));
    }

    @Test
    void emptyAndHumanForms() {
        assertThat(new LatencyRecorder().summary()).isEqualTo(Percentiles.EMPTY);
        assertThat(Percentiles.EMPTY.human()).isEqualTo("no samples");
        Percentiles p = new Percentiles(3, 1500.4, 1000, 2000, 3000, 4000, 5000);
        assertThat(p.human()).isEqualTo(
                "p50 1.000 ms  p90 2.000 ms  p99 3.000 ms  p99.9 4.000 ms  max 5.000 ms  (mean 1.500 ms, n=3)");
        assertThat(p.toMap()).containsEntry("mean_us", 1500L).containsEntry("p99_9_us", 4000L);
    }
}
