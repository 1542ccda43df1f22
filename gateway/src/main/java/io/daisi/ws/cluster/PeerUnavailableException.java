package io.daisi.ws.cluster;

import io.daisi.ws.events.RetryAfter;
import io.daisi.ws.routing.Peer;
import java.time.Duration;

/**
 * A forward that did not reach, or was not accepted by, a peer pod. When the peer's circuit is
 * open it says how long calls will still be refused ({@link RetryAfter}), so the event is
 * redelivered when a call can be made again.
 */
public final class PeerUnavailableException extends RuntimeException implements RetryAfter {

    public enum Reason {
        /** The peer's circuit breaker is open: no call was made. */
        CIRCUIT_OPEN,
        /** The call failed (connection, deadline or gRPC error), after the retry where one applies. */
        FAILED,
        /** The peer answered {@code success=false}: it could not decode or deliver the event. */
        REJECTED,
        /** The forwarder is closed. */
        CLOSED
    }

    private final Peer peer;
    private final Reason reason;
    private final Duration retryAfter;

    public PeerUnavailableException(Peer peer, Reason reason, String detail) {
        this(peer, reason, detail, Duration.ZERO);
    }

    public PeerUnavailableException(Peer peer, Reason reason, String detail, Duration retryAfter) {
        super("forward to pod " + peer.podId() + " at " + peer.address() + ": " + reason + " (" + detail + ")",
                null, false, false);
        this.peer = peer;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    public Peer peer() {
        return peer;
    }

    public Reason reason() {
        return reason;
    }
}
