package io.daisi.ws.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded wait-free from any thread (HdrHistogram's
 * {@link Recorder}, 3 significant digits). Negative values (clock steps) count as 0.
 */
final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);

    void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** Everything recorded so far. */
    synchronized Percentiles summary() {
        total.add(recorder.getIntervalHistogram());
        return Percentiles.of(total);
    }
}
