package io.daisi.ws.events;

import java.util.Objects;

/**
 * What sockets need of the event stream beyond live delivery: its history (to replay and catch
 * up) and its floor (to tell clients a safe resume point). JetStream in cluster mode, the
 * in-process bus in standalone mode.
 */
public record EventStream(EventHistory history, StreamFloor floor) {
    public EventStream {
        Objects.requireNonNull(history);
        Objects.requireNonNull(floor);
    }
}
