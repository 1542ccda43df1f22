package io.daisi.ws.routing;

/** Another pod of the cluster and where its gRPC server listens ({@code host:port}). */
public record Peer(String podId, String address) {
}
