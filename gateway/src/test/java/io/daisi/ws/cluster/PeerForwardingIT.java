package io.daisi.ws.cluster;

import static io.daisi.ws.testsupport.MetricSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.cluster.PeerUnavailableException.Reason;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventRequest;
import io.daisi.ws.cluster.proto.PushEventResponse;
import io.daisi.ws.cluster.proto.PushEventsRequest;
import io.daisi.ws.cluster.proto.PushEventsResponse;
import io.daisi.ws.events.Event;
import io.daisi.ws.routing.Peer;
import io.daisi.ws.testsupport.FreePorts;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A forwarder (pod A) talking to real gRPC servers (pod B) over real sockets. */
class PeerForwardingIT extends ForwarderFixture {
    private static final String JSON = "{\"event_id\":\"e-1\",\"event_time\":\"2026-11-21T10:00:00Z\","
            + "\"company_id\":\"c1\",\"agent_id\":\"a1\",\"message_id\":\"m-1\",\"chat_id\":\"chat-1\","
            + "\"row_data\":{\"id\":17,\"text\":\"hi\",\"score\":0.5,\"tags\":[\"a\",{\"b\":null}],\"meta\":{\"n\":1}}}";

    private final AtomicReference<CompletableFuture<Void>> bAnswers =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    @Test
    void anEventReachesThePeersDispatcherWithIdenticalJsonSeqAndRequestId() throws IOException {
        Peer b = startPodB(FreePorts.next());
        startForwarder(Map.of());

        forwarded(b, event(41, "req-7"));
        forwarded(b, event(42, "req-8"));

        assertThat(receivedByB).hasSize(2);
        Event first = receivedByB.getFirst();
        assertThat(new String(first.payloadJson(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(first.seq()).isEqualTo(41);
        assertThat(first.subject()).isEqualTo(SUBJECT);
        assertThat(first.eventId()).isEqualTo("e-1");
        assertThat(first.requestId()).isEqualTo("req-7");
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"ok\"}")).isEqualTo(2.0);
        assertThat(sample(metricsB, "dws_grpc_messages_received_total{result=\"ok\"}")).isEqualTo(2.0);
        assertThat(sample(metricsA, "dws_grpc_pool_connections_created_total")).as("one pooled channel, reused")
                .isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_pool_size")).isEqualTo(1.0);
    }

    @Test
    void betweenPodsOfThisProjectTheBatchCarriesTheOriginalJsonBytes() throws IOException {
        Peer b = startPodB(FreePorts.next());
        startForwarder(Map.of());
        // an unknown top-level field, an integer beyond 2^53 and odd spacing: none of it survives a Struct
        String json = "{\"event_id\":\"e-9\",  \"x_unknown\":{\"k\":[1,2]},\"row_data\":{\"id\":9007199254740993,"
                + "\"f\":1.0,\"big\":123456789012345678901234567890}}";
        Event event = new Event(SUBJECT, 77, json.getBytes(StandardCharsets.UTF_8), "e-9", "req-9", System.nanoTime());

        forwarded(b, event);

        assertThat(receivedByB).singleElement().satisfies(received -> {
            assertThat(received.payloadJson()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
            assertThat(received.frame()).isEqualTo(event.frame());
            assertThat(received.seq()).isEqualTo(77);
            assertThat(received.eventId()).isEqualTo("e-9");
            assertThat(received.requestId()).isEqualTo("req-9");
            assertThat(received.subject()).isEqualTo(SUBJECT);
        });
    }

    @Test
    void aPeerAnsweringUnimplementedIsServedWithPushEventFromThenOnWithTheReferenceConversion() throws IOException {
        ScriptedPeer peer = startScriptedPeer();
        startForwarder(Map.of());
        String json = "{\"event_id\":\"e-5\",\"x_unknown\":true,\"row_data\":{\"id\":17}}";

        for (int i = 1; i <= 3; i++) {
            forwarded(peer.peer(), new Event(SUBJECT, i, json.getBytes(StandardCharsets.UTF_8), "e-5", "r",
                    System.nanoTime()));
        }

        assertThat(peer.batchCalls).as("PushEvents tried once, then remembered as unknown").hasValue(1);
        assertThat(peer.requests).hasSize(3);
        PushEventCodec.Valid decoded = (PushEventCodec.Valid) PushEventCodec.decode(peer.requests.getFirst(), "r", 0);
        assertThat(new String(decoded.event().payloadJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"event_id\":\"e-5\",\"row_data\":{\"id\":17}}");
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"ok\"}")).isEqualTo(3.0);
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"failed\"}")).isZero();
        assertThat(sample(metricsA, "dws_grpc_circuitbreaker_tripped_total")).isZero();
    }

    @Test
    void whileABatchIsInFlightFurtherEventsWaitAndLeaveTogetherEachWithItsOwnResult() throws IOException {
        CompletableFuture<Void> firstHeld = new CompletableFuture<>();
        List<String> requestIds = new CopyOnWriteArrayList<>();
        Peer b = startPodB(FreePorts.next(), event -> {
            requestIds.add(event.requestId());
            if (event.seq() == 1) {
                return firstHeld;
            }
            return event.seq() == 13
                    ? CompletableFuture.failedFuture(new IllegalStateException("socket gone"))
                    : CompletableFuture.completedFuture(null);
        });
        startForwarder(Map.of());

        CompletableFuture<Void> first = forwarder.forward(b, event(1, "req-1")).toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedByB.size() == 1);
        List<CompletableFuture<Void>> wave = new ArrayList<>();
        for (int seq = 2; seq <= 51; seq++) {
            wave.add(forwarder.forward(b, event(seq, "req-" + seq)).toCompletableFuture());
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> receivedByB.size() == 1);
        assertThat(first).isNotDone();

        firstHeld.complete(null);

        assertThat(first).succeedsWithin(Duration.ofSeconds(10));
        for (int i = 0; i < wave.size(); i++) {
            long seq = i + 2;
            if (seq == 13) {
                assertThat(reason(wave.get(i))).isEqualTo(Reason.REJECTED);
            } else {
                assertThat(wave.get(i)).as("seq " + seq).succeedsWithin(Duration.ofSeconds(10));
            }
        }
        assertThat(receivedByB).extracting(Event::seq).hasSize(51).doesNotHaveDuplicates();
        assertThat(requestIds).as("each event of a batch keeps its own request id").doesNotHaveDuplicates()
                .hasSize(51);
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"ok\"}")).isEqualTo(50.0);
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"rejected\"}")).isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_batch_events_count"))
                .as("two calls: the lone first event, then the 50 that waited").isEqualTo(2.0);
        assertThat(sample(metricsA, "dws_grpc_batch_events_sum")).isEqualTo(51.0);
    }

    @Test
    void theRequestIdTravelsAsMetadataUnderBothKeys() throws IOException {
        ScriptedPeer peer = startScriptedPeer();
        startForwarder(Map.of());

        forwarded(peer.peer(), event(1, "req-meta"));

        assertThat(peer.headers).singleElement().satisfies(headers -> {
            assertThat(headers.get(RequestIdMetadata.X_REQUEST_ID)).isEqualTo("req-meta");
            assertThat(headers.get(RequestIdMetadata.REFERENCE_KEY)).isEqualTo("req-meta");
        });
    }

    @Test
    void successFalseFromThePeerIsAFailureThatIsNotRetriedNorHeldAgainstTheBreaker() throws IOException {
        Peer b = startPodB(FreePorts.next());
        startForwarder(Map.of("grpc_circuitbreaker_fail_threshold", "2"));
        bAnswers.set(CompletableFuture.failedFuture(new IllegalStateException("socket queue closed")));

        for (int i = 0; i < 3; i++) {
            assertThat(failure(b, event(i + 1, "req"))).isEqualTo(Reason.REJECTED);
        }

        assertThat(receivedByB).as("each forward reached the peer once").hasSize(3);
        assertThat(sample(metricsA, "dws_grpc_forward_retry_attempts_total")).isZero();
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"rejected\"}")).isEqualTo(3.0);
        assertThat(sample(metricsA, "dws_grpc_circuitbreaker_tripped_total")).isZero();
    }

    @Test
    void aPeerDownIsRetriedOnceThenTheForwardFails() {
        Peer down = new Peer("pod-down", "127.0.0.1:" + FreePorts.next());
        startForwarder(Map.of());

        assertThat(failure(down, event(1, "req"))).isEqualTo(Reason.FAILED);

        assertThat(sample(metricsA, "dws_grpc_forward_retry_attempts_total")).isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_forward_retry_failure_total")).isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_forward_retry_success_total")).isZero();
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"failed\"}")).isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_pool_connection_errors_total")).isEqualTo(2.0);
    }

    @Test
    void theCircuitOpensAfterConsecutiveFailuresFailsFastAndAProbeClosesItWhenThePeerIsBack() throws IOException {
        int port = FreePorts.next();
        Peer b = new Peer("pod-b", "127.0.0.1:" + port);
        startForwarder(Map.of("grpc_circuitbreaker_fail_threshold", "2",
                "grpc_circuitbreaker_open_duration_seconds", "2"));

        // the attempt and its retry are the two consecutive failures
        assertThat(failure(b, event(1, "req"))).isEqualTo(Reason.FAILED);
        assertThat(sample(metricsA, "dws_grpc_circuitbreaker_tripped_total")).isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_pool_connections_closed_total{reason=\"circuit_trip\"}")).isEqualTo(1.0);
        assertThat(forwarder.pooledChannels()).isZero();

        startPodB(port);
        double created = sample(metricsA, "dws_grpc_pool_connections_created_total");
        assertThat(failure(b, event(2, "req"))).as("open: no call even though the peer is up")
                .isEqualTo(Reason.CIRCUIT_OPEN);
        assertThat(receivedByB).isEmpty();
        assertThat(sample(metricsA, "dws_grpc_pool_connections_created_total")).isEqualTo(created);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> succeeds(b, event(3, "req")));
        assertThat(receivedByB).singleElement().extracting(Event::seq).isEqualTo(3L);
        forwarded(b, event(4, "req"));
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"circuit_open\"}"))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void transientFailuresAreRetriedOnceAfterADelay() throws IOException {
        ScriptedPeer peer = startScriptedPeer();
        startForwarder(Map.of("grpc_client_forward_timeout_seconds", "1"));

        peer.script.add(Answer.UNAVAILABLE);
        long start = System.nanoTime();
        forwarded(peer.peer(), event(1, "req"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        peer.script.add(Answer.SILENCE);
        forwarded(peer.peer(), event(2, "req"));

        assertThat(peer.headers).as("two forwards, each attempted twice").hasSize(4);
        assertThat(sample(metricsA, "dws_grpc_forward_retry_attempts_total")).isEqualTo(2.0);
        assertThat(sample(metricsA, "dws_grpc_forward_retry_success_total")).isEqualTo(2.0);
        assertThat(sample(metricsA, "dws_grpc_messages_sent_total{status=\"ok\"}")).isEqualTo(2.0);
    }

    @Test
    void aReloadedTimeoutAppliesToTheNextForward() throws IOException {
        ScriptedPeer peer = startScriptedPeer();
        startForwarder(Map.of("grpc_client_forward_timeout_seconds", "30"));
        app.set(appConfig(Map.of("grpc_client_forward_timeout_seconds", "1")));
        peer.script.add(Answer.SILENCE);
        peer.script.add(Answer.SILENCE);

        long start = System.nanoTime();
        assertThat(failure(peer.peer(), event(1, "req"))).isEqualTo(Reason.FAILED);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(peer.headers).hasSize(2);
    }

    @Test
    void otherErrorsAreNotRetried() throws IOException {
        ScriptedPeer peer = startScriptedPeer();
        startForwarder(Map.of());
        peer.script.add(Answer.INTERNAL);

        assertThat(failure(peer.peer(), event(1, "req"))).isEqualTo(Reason.FAILED);

        assertThat(peer.headers).hasSize(1);
        assertThat(sample(metricsA, "dws_grpc_forward_retry_attempts_total")).isZero();
    }

    @Test
    void anIdleChannelIsClosedAfterTheIdleTimeoutAndReopenedOnUse() throws IOException {
        Peer b = startPodB(FreePorts.next());
        startForwarder(Map.of("grpc_pool_idle_timeout_seconds", "1"));
        forwarded(b, event(1, "req"));
        assertThat(forwarder.pooledChannels()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.pooledChannels() == 0);
        assertThat(sample(metricsA, "dws_grpc_pool_connections_closed_total{reason=\"idle\"}")).isEqualTo(1.0);
        assertThat(sample(metricsA, "dws_grpc_pool_size")).isZero();

        forwarded(b, event(2, "req"));
        assertThat(sample(metricsA, "dws_grpc_pool_connections_created_total")).isEqualTo(2.0);
    }

    @Test
    void aChannelWhosePeerFailsTheHealthCheckIsClosed() throws IOException {
        int port = FreePorts.next();
        GrpcServer b = GrpcServer.start(ClusterConfigs.server("pod-b", port, false),
                new ForwardingService(event -> CompletableFuture.completedFuture(null), metricsB.grpc()));
        startForwarder(Map.of("grpc_pool_health_check_interval_seconds", "1"));
        forwarded(new Peer("pod-b", "127.0.0.1:" + port), event(1, "req"));

        b.close(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.pooledChannels() == 0);
        assertThat(sample(metricsA, "dws_grpc_pool_connections_closed_total{reason=\"health_fail\"}")).isEqualTo(1.0);
    }

    @Test
    void closingFailsForwardsWaitingForTheirRetryAndLaterForwards() {
        Peer down = new Peer("pod-down", "127.0.0.1:" + FreePorts.next());
        startForwarder(Map.of());
        CompletableFuture<Void> pending = forwarder.forward(down, event(1, "req")).toCompletableFuture();

        forwarder.close();

        assertThat(pending).failsWithin(Duration.ofSeconds(5));
        assertThat(reason(forwarder.forward(down, event(2, "req")).toCompletableFuture()))
                .isEqualTo(Reason.CLOSED);
    }

    // ---- helpers ----

    private Peer startPodB(int port) throws IOException {
        return startPodB(port, event -> bAnswers.get());
    }

    private Peer startPodB(int port, io.daisi.ws.events.EventDispatcher answers) throws IOException {
        ForwardingService service = new ForwardingService(recording(answers), metricsB.grpc());
        GrpcServer server = GrpcServer.start(ClusterConfigs.server("pod-b", port, false), service);
        toClose.add(() -> server.close(Duration.ofSeconds(1)));
        return new Peer("pod-b", "127.0.0.1:" + server.port());
    }

    private static Event event(long seq, String requestId) {
        return new Event(SUBJECT, seq, JSON.getBytes(StandardCharsets.UTF_8), "e-1", requestId, System.nanoTime());
    }

    private boolean succeeds(Peer peer, Event event) {
        try {
            forwarder.forward(peer, event).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Reason failure(Peer peer, Event event) {
        return reason(forwarder.forward(peer, event).toCompletableFuture());
    }

    private ScriptedPeer startScriptedPeer() throws IOException {
        ScriptedPeer peer = new ScriptedPeer();
        toClose.add(peer);
        return peer;
    }

    private enum Answer { UNAVAILABLE, SILENCE, INTERNAL }

    /** A peer whose next answers are scripted (default: success), recording every call's headers. */
    private static final class ScriptedPeer extends MessageForwardingServiceGrpc.MessageForwardingServiceImplBase
            implements AutoCloseable {
        private static final Context.Key<Metadata> HEADERS = Context.key("headers");
        final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
        final List<Metadata> headers = new CopyOnWriteArrayList<>();
        final List<PushEventRequest> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger batchCalls = new AtomicInteger();
        private final Server server;

        ScriptedPeer() throws IOException {
            ServerInterceptor capture = new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
                                                                   ServerCallHandler<Q, R> next) {
                    return Contexts.interceptCall(Context.current().withValue(HEADERS, metadata), call, metadata, next);
                }
            };
            server = Grpc.newServerBuilderForPort(FreePorts.next(), InsecureServerCredentials.create())
                    .addService(ServerInterceptors.intercept(this, capture)).build().start();
        }

        Peer peer() {
            return new Peer("scripted", "127.0.0.1:" + server.getPort());
        }

        @Override
        public void pushEvents(PushEventsRequest request, StreamObserver<PushEventsResponse> response) {
            // what a reference pod answers: it has no such rpc
            batchCalls.incrementAndGet();
            response.onError(Status.UNIMPLEMENTED.asRuntimeException());
        }

        @Override
        public void pushEvent(PushEventRequest request, StreamObserver<PushEventResponse> response) {
            headers.add(HEADERS.get());
            requests.add(request);
            Answer answer = script.poll();
            if (answer == null) {
                response.onNext(PushEventResponse.newBuilder().setSuccess(true).build());
                response.onCompleted();
                return;
            }
            switch (answer) {
                case UNAVAILABLE -> response.onError(Status.UNAVAILABLE.withDescription("scripted").asRuntimeException());
                case INTERNAL -> response.onError(Status.INTERNAL.withDescription("scripted").asRuntimeException());
                case SILENCE -> {
                    // never answers: the caller's deadline ends the call
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
