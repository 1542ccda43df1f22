package io.daisi.ws.cluster;

import io.daisi.ws.routing.Peer;

/** A forward that did not reach, or was not accepted by, a peer pod. */
public final class PeerUnavailableException extends RuntimeException {

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

    public PeerUnavailableException(Peer peer, Reason reason, String detail) {
        super("forward to pod " + peer.podId() + " at " + peer.address() + ": " + reason + " (" + detail + ")",
                null, false, false);
        this.peer = peer;
        this.reason = reason;
    }

    public Peer peer() {
        return peer;
    }

    public Reason reason() {
        return reason;
    }
}
