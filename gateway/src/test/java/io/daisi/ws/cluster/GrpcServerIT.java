package io.daisi.ws.cluster;

import static io.daisi.ws.testsupport.MetricSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.cluster.proto.PushEventResponse;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.observability.Metrics;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC server over a real socket: forwarding service, health, reflection. */
class GrpcServerIT {
    private static final String FORWARDING = "dws_message_fwd.MessageForwardingService";

    private final Metrics metrics = new Metrics();
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private volatile EventDispatcher behaviour = event -> CompletableFuture.completedFuture(null);
    private GrpcServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close(Duration.ofSeconds(2));
        }
    }

    @Test
    void healthReportsServingForTheServerAndTheForwardingService() throws IOException {
        start(false);
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(FORWARDING).build()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void healthTurnsNotServingWhenTheServerCloses() throws IOException {
        start(false);
        List<ServingStatus> seen = new CopyOnWriteArrayList<>();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), collect(seen));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(ServingStatus.SERVING));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.close(Duration.ofSeconds(2)));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(ServingStatus.NOT_SERVING));
        closing.join();
        server = null;
    }

    @Test
    void reflectionListsTheServicesWhenEnabled() throws IOException {
        start(true);

        assertThat(listServices()).contains(FORWARDING, "grpc.health.v1.Health");
    }

    @Test
    void reflectionIsAbsentWhenDisabled() throws IOException {
        start(false);

        assertThatThrownBy(this::listServices).hasRootCauseInstanceOf(StatusRuntimeException.class)
                .rootCause().satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
                        .isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void aForwardedEventReachesTheDispatcherWithTheRequestIdOfTheMetadata() throws IOException {
        start(false);
        Metadata headers = new Metadata();
        headers.put(RequestIdMetadata.X_REQUEST_ID, "req-42");

        PushEventResponse response = forwarding().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .pushEvent(request(EventSubject.chats("c1", "a1"), 9));

        assertThat(response.getSuccess()).isTrue();
        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.requestId()).isEqualTo("req-42");
            assertThat(event.subject()).isEqualTo(EventSubject.chats("c1", "a1"));
            assertThat(event.seq()).isEqualTo(9);
        });
        assertThat(sample(metrics, "dws_grpc_messages_received_total{result=\"ok\"}")).isEqualTo(1.0);
    }

    @Test
    void theReferenceMetadataKeyIsReadTooAndAMissingIdIsGenerated() throws IOException {
        start(false);
        Metadata reference = new Metadata();
        reference.put(RequestIdMetadata.REFERENCE_KEY, "go-req-1");

        forwarding().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(reference))
                .pushEvent(request(EventSubject.chats("c1", "a1"), 1));
        forwarding().pushEvent(request(EventSubject.chats("c1", "a1"), 2));

        assertThat(received).hasSize(2);
        assertThat(received.get(0).requestId()).isEqualTo("go-req-1");
        assertThat(received.get(1).requestId()).isNotBlank();
    }

    @Test
    void anInvalidRequestIsAnsweredWithSuccessFalseNotAnError() throws IOException {
        start(false);

        PushEventResponse response = forwarding().pushEvent(
                request(EventSubject.messages("c1", "a1", "chat-1"), 1).toBuilder().setTargetChatId("").build());

        assertThat(response.getSuccess()).isFalse();
        assertThat(response.getMessage()).contains("target_chat_id");
        assertThat(received).isEmpty();
        assertThat(sample(metrics, "dws_grpc_messages_received_total{result=\"invalid\"}")).isEqualTo(1.0);
    }

    @Test
    void aFailedOrThrowingDispatcherIsAnsweredWithSuccessFalse() throws IOException {
        start(false);

        behaviour = event -> CompletableFuture.failedFuture(new IllegalStateException("queue gone"));
        PushEventResponse failed = forwarding().pushEvent(request(EventSubject.chats("c1", "a1"), 1));
        behaviour = event -> {
            throw new IllegalStateException("bug");
        };
        PushEventResponse thrown = forwarding().pushEvent(request(EventSubject.chats("c1", "a1"), 2));

        assertThat(failed.getSuccess()).isFalse();
        assertThat(failed.getMessage()).contains("queue gone");
        assertThat(thrown.getSuccess()).isFalse();
        assertThat(sample(metrics, "dws_grpc_messages_received_total{result=\"failed\"}")).isEqualTo(2.0);
    }

    private void start(boolean reflection) throws IOException {
        EventDispatcher recording = event -> {
            received.add(event);
            return behaviour.dispatch(event);
        };
        server = GrpcServer.start(ClusterConfigs.server("pod-b", reflection),
                new ForwardingService(recording, metrics.grpc()));
        channel = Grpc.newChannelBuilder("127.0.0.1:" + server.port(), InsecureChannelCredentials.create()).build();
    }

    private MessageForwardingServiceGrpc.MessageForwardingServiceBlockingStub forwarding() {
        return MessageForwardingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static PushEventRequest request(EventSubject subject, long seq) {
        byte[] json = "{\"event_id\":\"e1\",\"row_data\":{\"n\":1}}".getBytes(StandardCharsets.UTF_8);
        return PushEventCodec.encode(new Event(subject, seq, json, "e1", "unused", 0L), "pod-a");
    }

    private List<String> listServices() {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
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

    private static StreamObserver<HealthCheckResponse> collect(List<ServingStatus> seen) {
        return new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse response) {
                seen.add(response.getStatus());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        };
    }
}
