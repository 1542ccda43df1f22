package io.daisi.ws.cluster;

import java.util.Objects;

/** Another gateway pod: its id (for logs) and the gRPC {@code host:port} it advertises in its heartbeat. */
public record Peer(String podId, String address) {

    public Peer {
        Objects.requireNonNull(podId);
        Objects.requireNonNull(address);
    }
}
