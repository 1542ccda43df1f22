package io.daisi.ws.events.jetstream;

import io.daisi.ws.events.EventKind;
import java.util.concurrent.atomic.AtomicInteger;

/** JetStreamMetrics that only count, for assertions. */
final class CountingMetrics implements JetStreamMetrics {
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger invalid = new AtomicInteger();
    final AtomicInteger acked = new AtomicInteger();
    final AtomicInteger nacked = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    @Override
    public void received(EventKind kind) {
        received.incrementAndGet();
    }

    @Override
    public void invalid() {
        invalid.incrementAndGet();
    }

    @Override
    public void acked() {
        acked.incrementAndGet();
    }

    @Override
    public void nacked() {
        nacked.incrementAndGet();
    }

    @Override
    public void dropped() {
        dropped.incrementAndGet();
    }
}
