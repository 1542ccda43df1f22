package io.daisi.ws.bench;

import java.util.concurrent.atomic.LongAccumulator;

/** Event deliveries over all sockets: end-to-end latency and the time of the last one. */
final class Deliveries {
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAccumulator lastAtUs = new LongAccumulator(Math::max, 0);

    /** An event sent at {@code sentAtUs} (epoch µs) arrived at {@code nowUs}. */
    void record(long sentAtUs, long nowUs) {
        latency.record(nowUs - sentAtUs);
        lastAtUs.accumulate(nowUs);
    }

    Percentiles latency() {
        return latency.summary();
    }

    /** Epoch µs of the last delivery, 0 if none. */
    long lastAtUs() {
        return lastAtUs.get();
    }
}
