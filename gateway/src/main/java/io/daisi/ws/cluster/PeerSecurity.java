package io.daisi.ws.cluster;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ServerConfig;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.File;
import java.io.IOException;
import java.util.Optional;

/**
 * How this pod's gRPC traffic is protected (SPEC §7), both ways: the credentials its server
 * listens with and checks, and the credentials and token its channels to peers present. Built
 * once from the {@code server} section; files are read at once, so a missing or unreadable one
 * is a startup error naming its key rather than a failure at the first forward.
 *
 * <p>With TLS on, a pod dials its peers with TLS too: a cluster is all-TLS or all-plaintext.
 * With a CA, the CA is what both sides trust, and a pod presents its own certificate; without
 * one, the JVM's default trust store verifies peers and none presents a certificate.
 */
public final class PeerSecurity {
    private final ServerCredentials serverCredentials;
    private final ChannelCredentials channelCredentials;
    private final Optional<String> token;
    private final boolean tls;
    private final boolean mutualTls;

    private PeerSecurity(ServerCredentials server, ChannelCredentials channel, Optional<String> token,
                         boolean tls, boolean mutualTls) {
        this.serverCredentials = server;
        this.channelCredentials = channel;
        this.token = token;
        this.tls = tls;
        this.mutualTls = mutualTls;
    }

    /**
     * @throws ConfigException when a configured file cannot be read
     */
    public static PeerSecurity from(ServerConfig config) {
        Optional<String> token = config.peerAuthToken().isEmpty() ? Optional.empty()
                : Optional.of(config.peerAuthToken());
        if (!config.grpcTlsEnabled()) {
            return new PeerSecurity(InsecureServerCredentials.create(), InsecureChannelCredentials.create(), token,
                    false, false);
        }
        File cert = new File(config.grpcTlsCertFile());
        File key = new File(config.grpcTlsKeyFile());
        boolean mutual = !config.grpcTlsCaFile().isEmpty();
        TlsServerCredentials.Builder server = TlsServerCredentials.newBuilder();
        TlsChannelCredentials.Builder channel = TlsChannelCredentials.newBuilder();
        read("server.grpc_tls_cert_file / server.grpc_tls_key_file", () -> server.keyManager(cert, key));
        if (mutual) {
            File ca = new File(config.grpcTlsCaFile());
            read("server.grpc_tls_ca_file", () -> server.trustManager(ca));
            server.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            read("server.grpc_tls_ca_file", () -> channel.trustManager(ca));
            read("server.grpc_tls_cert_file / server.grpc_tls_key_file", () -> channel.keyManager(cert, key));
        }
        return new PeerSecurity(server.build(), channel.build(), token, true, mutual);
    }

    /** No token, no TLS: what a pod without any of the keys runs with. */
    public static PeerSecurity plaintext() {
        return new PeerSecurity(InsecureServerCredentials.create(), InsecureChannelCredentials.create(),
                Optional.empty(), false, false);
    }

    ServerCredentials serverCredentials() {
        return serverCredentials;
    }

    ChannelCredentials channelCredentials() {
        return channelCredentials;
    }

    /** The check of the peer token, for the whole server; empty when no token is configured. */
    Optional<ServerInterceptor> serverInterceptor() {
        return token.map(PeerAuthentication::serverInterceptor);
    }

    /** What adds the peer token to every call of a channel; empty when no token is configured. */
    Optional<ClientInterceptor> clientInterceptor() {
        return token.map(PeerAuthentication::clientInterceptor);
    }

    /**
     * True with neither token nor TLS (SPEC §7): anyone who reaches the gRPC port can push events
     * into any socket.
     */
    public boolean openToAnyone() {
        return token.isEmpty() && !tls;
    }

    /** For the startup log line: what is on, never a secret. */
    public String describe() {
        String transport = mutualTls ? "mutual TLS" : tls ? "TLS" : "plaintext";
        return transport + ", peer token " + (token.isPresent() ? "required" : "off");
    }

    private interface FileRead {
        void run() throws IOException;
    }

    private static void read(String key, FileRead read) {
        try {
            read.run();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(key + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
