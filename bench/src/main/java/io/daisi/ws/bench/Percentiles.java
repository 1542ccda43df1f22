package io.daisi.ws.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** A latency distribution in microseconds, as reported. */
record Percentiles(long count, double meanUs, long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {

    static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);

    static Percentiles of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Percentiles(h.getTotalCount(), h.getMean(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    /** JSON keys in microseconds; the human form shows milliseconds. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("mean_us", Math.round(meanUs));
        m.put("p50_us", p50Us);
        m.put("p90_us", p90Us);
        m.put("p99_us", p99Us);
        m.put("p99_9_us", p999Us);
        m.put("max_us", maxUs);
        return m;
    }

    String human() {
        if (count == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, n=%d)",
                ms(p50Us), ms(p90Us), ms(p99Us), ms(p999Us), ms(maxUs), ms(Math.round(meanUs)), count);
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
    }
}
