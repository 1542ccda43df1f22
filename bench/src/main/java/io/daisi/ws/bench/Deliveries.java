package io.daisi.ws.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Event deliveries over all sockets: end-to-end latency, the time of the last one and,
 * when asked for ({@link #trackArrivals}), each event's first arrival per gateway — which
 * tells the pod that took an event (it delivers first) from the pods it was forwarded to.
 */
final class Deliveries {
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAccumulator lastAtUs = new LongAccumulator(Math::max, 0);
    private volatile AtomicLongArray firstArrivalUs;
    private volatile int gateways;
    private volatile int measureFrom;

    /** Events below {@code index} are warm-up: delivered and counted, but not in the latency figures. */
    void measureFrom(int index) {
        this.measureFrom = index;
    }

    /** Keeps, for events 0..events-1 and each of {@code gateways}, the latency of the first arrival. */
    void trackArrivals(int events, int gateways) {
        AtomicLongArray arrivals = new AtomicLongArray(events * gateways);
        for (int i = 0; i < arrivals.length(); i++) {
            arrivals.set(i, Long.MAX_VALUE);
        }
        this.gateways = gateways;
        this.firstArrivalUs = arrivals;
    }

    /** An event sent at {@code sentAtUs} (epoch µs) arrived at {@code nowUs}. */
    void record(long sentAtUs, long nowUs) {
        latency.record(nowUs - sentAtUs);
        lastAtUs.accumulate(nowUs);
    }

    /** As {@link #record(long, long)}, for event {@code index} on a socket of gateway {@code gateway}. */
    void record(long sentAtUs, long nowUs, int index, int gateway) {
        lastAtUs.accumulate(nowUs);
        if (index < measureFrom) {
            return;
        }
        latency.record(nowUs - sentAtUs);
        AtomicLongArray arrivals = firstArrivalUs;
        if (arrivals != null && index >= 0 && (long) index * gateways + gateway < arrivals.length()) {
            arrivals.accumulateAndGet(index * gateways + gateway, Math.max(0, nowUs - sentAtUs), Math::min);
        }
    }

    /** Latency of event {@code index}'s first arrival on gateway {@code gateway}; -1 if none. */
    long firstArrival(int index, int gateway) {
        long v = firstArrivalUs.get(index * gateways + gateway);
        return v == Long.MAX_VALUE ? -1 : v;
    }

    Percentiles latency() {
        return latency.summary();
    }

    /** Epoch µs of the last delivery, 0 if none. */
    long lastAtUs() {
        return lastAtUs.get();
    }
}
