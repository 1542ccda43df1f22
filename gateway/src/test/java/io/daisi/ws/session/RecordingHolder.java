package io.daisi.ws.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A session holder that records its takeover in a shared list, with a settable last delivery. */
final class RecordingHolder implements SessionHolder {
    private final String name;
    private final List<String> closed;
    private volatile Optional<Instant> lastDelivery = Optional.empty();

    RecordingHolder(String name, List<String> closed) {
        this.name = name;
        this.closed = closed;
    }

    void delivered(Instant at) {
        lastDelivery = Optional.of(at);
    }

    @Override
    public void sessionTakenOver() {
        closed.add(name);
    }

    @Override
    public Optional<Instant> lastDeliveryAt() {
        return lastDelivery;
    }
}
