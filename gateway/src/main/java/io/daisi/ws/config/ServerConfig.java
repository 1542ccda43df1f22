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
        String bindAddress,
        /* PEM certificate chain and PKCS#8 key: the HTTP port serves HTTPS and wss:// only; empty = plain */
        String tlsCertFile,
        String tlsKeyFile,
        /* shared secret every gRPC call between pods carries as "authorization: Bearer ..."; empty = none */
        String peerAuthToken,
        /* PEM certificate chain and PKCS#8 key of the gRPC server (and of this pod as a client under mTLS) */
        String grpcTlsCertFile,
        String grpcTlsKeyFile,
        /* PEM CA: peers must present a certificate it signed (mutual TLS), and pods trust it when dialling */
        String grpcTlsCaFile) {

    /** Whether the HTTP port serves HTTPS ({@code server.tls_cert_file} set). */
    public boolean httpsEnabled() {
        return !tlsCertFile.isBlank();
    }

    /** Whether the gRPC port serves TLS ({@code server.grpc_tls_cert_file} set). */
    public boolean grpcTlsEnabled() {
        return !grpcTlsCertFile.isBlank();
    }

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
