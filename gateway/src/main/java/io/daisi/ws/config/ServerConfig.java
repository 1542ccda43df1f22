package io.daisi.ws.config;

public record ServerConfig(
        int httpPort,
        int grpcPort,
        String podId,
        boolean enableReflection,
        /* host:port peers use to reach this pod's gRPC server; overrides the template when set */
        String advertiseAddress,
        /* default "{pod_id}:{grpc_port}" */
        String podAddressTemplate,
        /* interface the HTTP and gRPC servers bind to */
        String bindAddress) {

    /** The gRPC address this pod advertises in its heartbeat key. */
    public String advertisedGrpcAddress() {
        if (!advertiseAddress.isBlank()) {
            return advertiseAddress;
        }
        return podAddressTemplate
                .replace("{pod_id}", podId)
                .replace("{grpc_port}", Integer.toString(grpcPort));
    }
}
