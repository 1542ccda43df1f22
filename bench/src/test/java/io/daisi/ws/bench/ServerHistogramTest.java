package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ServerHistogramTest {
    private static final String BEFORE = """
            # HELP dws_event_delivery_latency_seconds from receiving an event to writing its frame
            # TYPE dws_event_delivery_latency_seconds histogram
            dws_event_delivery_latency_seconds_bucket{le="1.0E-4"} 1
            dws_event_delivery_latency_seconds_bucket{le="0.001"} 2
            dws_event_delivery_latency_seconds_bucket{le="0.01"} 2
            dws_event_delivery_latency_seconds_bucket{le="+Inf"} 2
            dws_event_delivery_latency_seconds_count 2
            dws_event_delivery_latency_seconds_sum 6.0E-4
            dws_active_connections{endpoint="user"} 300.0
            process_resident_memory_bytes 1.048576E8
            """;
    private static final String AFTER = """
            dws_event_delivery_latency_seconds_bucket{le="+Inf"} 102
            dws_event_delivery_latency_seconds_bucket{le="1.0E-4"} 51
            dws_event_delivery_latency_seconds_bucket{le="0.001"} 92
            dws_event_delivery_latency_seconds_bucket{le="0.01"} 101
            dws_event_delivery_latency_seconds_count 102
            dws_event_delivery_latency_seconds_sum 0.1006
            """;

    @Test
    void aLabelledHistogramIsSummedOverItsLabelSetsOrReadForOne() {
        MetricsSnapshot m = MetricsSnapshot.parse("""
                dws_event_delivery_latency_seconds_bucket{path="local",le="0.001"} 3
                dws_event_delivery_latency_seconds_bucket{path="local",le="+Inf"} 4
                dws_event_delivery_latency_seconds_count{path="local"} 4
                dws_event_delivery_latency_seconds_sum{path="local"} 0.004
                dws_event_delivery_latency_seconds_bucket{path="forwarded",le="0.001"} 1
                dws_event_delivery_latency_seconds_bucket{path="forwarded",le="+Inf"} 6
                dws_event_delivery_latency_seconds_count{path="forwarded"} 6
                dws_event_delivery_latency_seconds_sum{path="forwarded"} 0.03
                """);
        String name = "dws_event_delivery_latency_seconds";
        assertThat(m.histogram(name).count()).isEqualTo(10);
        assertThat(m.histogram(name).sum()).isCloseTo(0.034, within(1e-9));
        assertThat(m.histogram(name, "path=\"forwarded\"").count()).isEqualTo(6);
        assertThat(m.histogram(name, "path=\"local\"").cumulative()).containsExactly(3, 4);
    }

    @Test
    void readsGaugesWithAndWithoutLabels() {
        MetricsSnapshot m = MetricsSnapshot.parse(BEFORE);
        assertThat(m.value("process_resident_memory_bytes")).isEqualTo(104_857_600.0);
        assertThat(m.value("dws_active_connections", "endpoint=\"user\"")).hasValue(300.0);
        assertThat(m.value("absent_metric")).isZero();
    }

    @Test
    void theDifferenceOfTwoScrapesGivesBucketsAndQuantileBounds() {
        String name = "dws_event_delivery_latency_seconds";
        ServerHistogram run = MetricsSnapshot.parse(AFTER).histogram(name)
                .minus(MetricsSnapshot.parse(BEFORE).histogram(name));
        assertThat(run.count()).isEqualTo(100);
        assertThat(run.meanSeconds()).isCloseTo(0.001, within(1e-9));
        assertThat(run.bucketCounts()).containsExactly(
                org.assertj.core.api.Assertions.entry("le_0.1ms", 50L),
                org.assertj.core.api.Assertions.entry("le_1ms", 40L),
                org.assertj.core.api.Assertions.entry("le_10ms", 9L),
                org.assertj.core.api.Assertions.entry("le_+Inf", 1L));
        assertThat(run.quantileBound(0.5)).isEqualTo(1e-4);
        assertThat(run.quantileBound(0.9)).isEqualTo(1e-3);
        assertThat(run.quantileBound(0.99)).isEqualTo(0.01);
        assertThat(run.quantileBound(0.999)).isInfinite();
        assertThat(run.toMap()).containsEntry("p50_le_us", 100L).containsEntry("p99_9_le_us", "+Inf");
        assertThat(run.human()).startsWith("n=100  mean 1.000 ms  p50 <= 0.100 ms  p99 <= 10.000 ms");
    }

    @Test
    void anEmptyHistogramHasNoQuantiles() {
        ServerHistogram none = MetricsSnapshot.parse("").histogram("x");
        assertThat(none.quantileBound(0.5)).isNaN();
        assertThat(none.human()).isEqualTo("no observations");
    }
}
