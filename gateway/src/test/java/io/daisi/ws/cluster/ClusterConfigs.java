package io.daisi.ws.cluster;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.config.ServerConfig;
import io.daisi.ws.testsupport.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Configs for the cluster tests, built by the production loader from defaults and overrides. */
final class ClusterConfigs {

    private ClusterConfigs() {
    }

    /**
     * The built-in {@code app} section with some keys overridden, named without the
     * {@code app.} prefix, e.g. {@code grpc_circuitbreaker_fail_threshold}.
     */
    static AppConfig app(Map<String, String> appKeys) {
        Map<String, String> env = new HashMap<>();
        appKeys.forEach((key, value) -> env.put("DAISI_WS_APP_" + key.toUpperCase(), value));
        try {
            Path emptyDir = Files.createTempDirectory("daisi-ws-cluster-test");
            try {
                return new ConfigLoader(Optional.empty(), env, emptyDir).load().config().app();
            } finally {
                Files.delete(emptyDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server section listening on a free port of 127.0.0.1. */
    static ServerConfig server(String podId, boolean reflection) {
        return server(podId, FreePorts.next(), reflection);
    }

    static ServerConfig server(String podId, int grpcPort, boolean reflection) {
        return new ServerConfig(FreePorts.next(), grpcPort, podId, reflection, "", "{pod_id}:{grpc_port}", "127.0.0.1",
                "", "", "", "", "", "");
    }

    /** A server section on a free port with the peer token and gRPC TLS keys given (empty = off). */
    static ServerConfig secured(String podId, boolean reflection, String peerToken, String grpcCert, String grpcKey,
                                String grpcCa) {
        return new ServerConfig(FreePorts.next(), FreePorts.next(), podId, reflection, "", "{pod_id}:{grpc_port}",
                "127.0.0.1", "", "", peerToken, grpcCert, grpcKey, grpcCa);
    }
}
