package io.daisi.ws.cluster;

import static io.daisi.ws.testsupport.MetricSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ServerConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.observability.Metrics;
import io.daisi.ws.routing.Peer;
import io.daisi.ws.testsupport.TestCertificates;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §7 peer authentication and gRPC (m)TLS over real sockets: the pod's own server and
 * forwarder built from config, and hand-made clients for what a stranger would send.
 */
class PeerSecurityIT {
    private static final String TOKEN = "s3cret-peer-token";
    private static final String FORWARDING = "dws_message_fwd.MessageForwardingService";
    private static final EventSubject SUBJECT = EventSubject.chats("c1", "a1");

    private final Metrics metrics = new Metrics();
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aCallWithTheTokenDeliversAndOneWithAWrongOrNoTokenIsUnauthenticatedAndDeliversNothing() throws IOException {
        ServerConfig config = ClusterConfigs.secured("pod-b", false, TOKEN, "", "", "");
        int port = startServer(config);
        ManagedChannel channel = plaintext(port);

        assertThat(code(() -> withToken(forwarding(channel), "wrong-token").pushEvent(request(1))))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> withToken(forwarding(channel), TOKEN + "x").pushEvent(request(2))))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> forwarding(channel).pushEvent(request(3)))).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(received).isEmpty();
        assertThat(sample(metrics, "dws_grpc_messages_received_total{result=\"ok\"}")).isZero();

        assertThat(withToken(forwarding(channel), TOKEN).pushEvent(request(4)).getSuccess()).isTrue();
        assertThat(received).extracting(Event::seq).containsExactly(4L);
    }

    @Test
    void theForwarderOfAPodWithTheTokenIsAccepted() throws IOException {
        ServerConfig config = ClusterConfigs.secured("pod-b", false, TOKEN, "", "", "");
        int port = startServer(config);

        assertThat(forwarder(config).forward(new Peer("pod-b", "127.0.0.1:" + port), event(7))
                .toCompletableFuture()).succeedsWithin(Duration.ofSeconds(10));
        assertThat(received).extracting(Event::seq).containsExactly(7L);
    }

    @Test
    void healthCheckAndWatchNeedNoToken() throws IOException {
        int port = startServer(ClusterConfigs.secured("pod-b", false, TOKEN, "", "", ""));
        ManagedChannel channel = plaintext(port);

        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .watch(HealthCheckRequest.getDefaultInstance()).next().getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void reflectionNeedsTheToken() throws IOException {
        int port = startServer(ClusterConfigs.secured("pod-b", true, TOKEN, "", "", ""));
        ManagedChannel channel = plaintext(port);

        assertThatThrownBy(() -> listServices(ServerReflectionGrpc.newStub(channel)))
                .rootCause().satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThat(listServices(withToken(ServerReflectionGrpc.newStub(channel), TOKEN))).contains(FORWARDING);
    }

    @Test
    void aTlsPeerForwardsEvents() throws IOException {
        TestCertificates pki = TestCertificates.newAuthority("tls-ca");
        TestCertificates.Pem pod = pki.issue("pod-b");
        // one-way TLS: a pod without grpc_tls_ca_file trusts the JVM's store, which does not hold this
        // test CA, so the client here is a channel trusting the CA; a plaintext client is refused
        ServerConfig server = ClusterConfigs.secured("pod-b", false, "", pod.cert().toString(), pod.key().toString(), "");
        int port = startServer(server);
        ManagedChannel channel = channel(port, TlsChannelCredentials.newBuilder().trustManager(pki.caCert().toFile()).build());

        assertThat(forwarding(channel).pushEvent(request(1)).getSuccess()).isTrue();
        assertThat(code(() -> forwarding(plaintext(port)).pushEvent(request(2)))).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(received).extracting(Event::seq).containsExactly(1L);
    }

    @Test
    void underMutualTlsAPodForwardsAndAPeerWithoutAClientCertificateIsRefused() throws IOException {
        TestCertificates pki = TestCertificates.newAuthority("mtls-ca");
        TestCertificates.Pem podB = pki.issue("pod-b");
        TestCertificates.Pem podA = pki.issue("pod-a");
        ServerConfig b = ClusterConfigs.secured("pod-b", false, TOKEN, podB.cert().toString(), podB.key().toString(),
                pki.caCert().toString());
        ServerConfig a = ClusterConfigs.secured("pod-a", false, TOKEN, podA.cert().toString(), podA.key().toString(),
                pki.caCert().toString());
        int port = startServer(b);

        assertThat(forwarder(a).forward(new Peer("pod-b", "127.0.0.1:" + port), event(1)).toCompletableFuture())
                .succeedsWithin(Duration.ofSeconds(10));

        ManagedChannel noClientCert = channel(port,
                TlsChannelCredentials.newBuilder().trustManager(pki.caCert().toFile()).build());
        assertThat(code(() -> withToken(forwarding(noClientCert), TOKEN).pushEvent(request(2))))
                .isEqualTo(Status.Code.UNAVAILABLE);
        TestCertificates stranger = TestCertificates.newAuthority("other-ca");
        TestCertificates.Pem strangerCert = stranger.issue("stranger");
        ManagedChannel otherCa = channel(port, TlsChannelCredentials.newBuilder()
                .trustManager(pki.caCert().toFile())
                .keyManager(strangerCert.cert().toFile(), strangerCert.key().toFile()).build());
        assertThat(code(() -> withToken(forwarding(otherCa), TOKEN).pushEvent(request(3))))
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(received).extracting(Event::seq).containsExactly(1L);
    }

    @Test
    void aCertificateFileThatIsNotPemIsAConfigErrorNamingTheKey() throws IOException {
        Path garbage = Files.createTempFile("not-a-cert", ".pem");
        toClose.add(() -> Files.deleteIfExists(garbage));
        Files.writeString(garbage, "not a certificate");
        ServerConfig config = ClusterConfigs.secured("pod-b", false, "", garbage.toString(), garbage.toString(), "");

        assertThatThrownBy(() -> startServer(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.grpc_tls_cert_file");
    }

    // ---- helpers ----

    private int startServer(ServerConfig config) throws IOException {
        ForwardingService service = new ForwardingService(event -> {
            received.add(event);
            return CompletableFuture.completedFuture(null);
        }, metrics.grpc());
        GrpcServer server = GrpcServer.start(config, PeerSecurity.from(config), service);
        toClose.add(() -> server.close(Duration.ofSeconds(1)));
        return server.port();
    }

    private GrpcPeerForwarder forwarder(ServerConfig config) {
        GrpcPeerForwarder forwarder = new GrpcPeerForwarder(config.podId(),
                () -> ClusterConfigs.app(java.util.Map.of()), new Metrics().grpc(), PeerSecurity.from(config));
        toClose.add(forwarder);
        return forwarder;
    }

    private ManagedChannel plaintext(int port) {
        return channel(port, InsecureChannelCredentials.create());
    }

    private ManagedChannel channel(int port, ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, credentials).build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    private static MessageForwardingServiceGrpc.MessageForwardingServiceBlockingStub forwarding(ManagedChannel channel) {
        return MessageForwardingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(PeerAuthentication.AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call succeeded");
    }

    private static Event event(long seq) {
        byte[] json = "{\"event_id\":\"e1\",\"row_data\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8);
        return new Event(SUBJECT, seq, json, "e1", "req-" + seq, System.nanoTime());
    }

    private static io.daisi.ws.cluster.proto.PushEventRequest request(long seq) {
        return PushEventCodec.encode(event(seq), "pod-a");
    }

    private static List<String> listServices(ServerReflectionGrpc.ServerReflectionStub stub) {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return names.orTimeout(5, TimeUnit.SECONDS).join();
    }
}
