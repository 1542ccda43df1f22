package io.daisi.ws.cluster;

import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ServerConfig;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This pod's gRPC server: {@code MessageForwardingService}, the standard
 * {@code grpc.health.v1} service (SERVING while up, NOT_SERVING from the start of shutdown)
 * and, when {@code server.enable_reflection} is set, server reflection.
 */
public final class GrpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final Server server;
    private final HealthStatusManager health;
    private final ForwardingService forwarding;

    private GrpcServer(Server server, HealthStatusManager health, ForwardingService forwarding) {
        this.server = server;
        this.health = health;
        this.forwarding = forwarding;
    }

    /**
     * Binds {@code server.bind_address}:{@code server.grpc_port} and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public static GrpcServer start(ServerConfig config, ForwardingService forwarding) throws IOException {
        return start(config, PeerSecurity.from(config), forwarding);
    }

    /**
     * Binds and serves with the given credentials; the peer token, when there is one, is checked
     * for every service of the server (interceptors of the builder see every call), health excepted.
     *
     * @throws IOException if the address cannot be bound
     * @throws ConfigException if the TLS certificate or key cannot be used
     */
    public static GrpcServer start(ServerConfig config, PeerSecurity security, ForwardingService forwarding)
            throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder builder = builder(config, security)
                // handlers never block (decode, hand to the sockets' loops, answer when delivered):
                // run them on the transport's threads instead of a hop to an executor per call
                .directExecutor()
                .addService(ServerInterceptors.intercept(forwarding, RequestIdMetadata.serverInterceptor()))
                .addService(health.getHealthService());
        security.serverInterceptor().ifPresent(builder::intercept);
        if (config.enableReflection()) {
            addReflection(builder);
        }
        Server server = builder.build().start();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        health.setStatus(MessageForwardingServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        log.info("gRPC server listening on {}:{} ({}; reflection {})", config.bindAddress(), server.getPort(),
                security.describe(), config.enableReflection() ? "on" : "off");
        return new GrpcServer(server, health, forwarding);
    }

    private static NettyServerBuilder builder(ServerConfig config, PeerSecurity security) {
        try {
            // the PEM files are parsed here, when the credentials become an SSL context
            return NettyServerBuilder.forAddress(new InetSocketAddress(config.bindAddress(), config.grpcPort()),
                    security.serverCredentials());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("server.grpc_tls_cert_file / server.grpc_tls_key_file / server.grpc_tls_ca_file: "
                    + "cannot be used (" + e.getMessage() + ")");
        }
    }

    // v1 for current tools; v1alpha (deprecated in grpc-java) for older grpcurl and evans builds,
    // as the reference registers both
    @SuppressWarnings("deprecation")
    private static void addReflection(NettyServerBuilder builder) {
        builder.addService(ProtoReflectionServiceV1.newInstance());
        builder.addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance());
    }

    /** True while the server accepts calls. */
    public boolean isServing() {
        return !server.isShutdown();
    }

    /** The port bound (the configured one, or the one chosen for port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * Reports NOT_SERVING, stops accepting calls, ends the peers' event streams once what they
     * carry is answered, and waits up to {@code grace} for calls in progress, then cancels what is
     * left. Blocks the caller: call it from the shutdown thread.
     */
    public void close(Duration grace) {
        health.enterTerminalState();
        server.shutdown();
        forwarding.endStreams();
        try {
            if (!server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("gRPC calls still running after {} ms; cancelling them", grace.toMillis());
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("gRPC server stopped");
    }

    /** {@link #close(Duration)} with a five-second grace. */
    @Override
    public void close() {
        close(DEFAULT_GRACE);
    }
}
