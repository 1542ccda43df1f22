package io.daisi.ws.session;

import java.time.Instant;
import java.util.Optional;

/** A local socket holding a session. */
public interface SessionHolder {
    /** A newer connection took the session over: close with 4402. */
    void sessionTakenOver();

    /** When an event was last delivered to it (adaptive TTL's activity); empty when never. */
    Optional<Instant> lastDeliveryAt();
}
