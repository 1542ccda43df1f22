package io.daisi.ws.cluster;

import static io.daisi.ws.testsupport.MetricSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.cluster.proto.ForwardedEvent;
import io.daisi.ws.cluster.proto.MessageForwardingServiceGrpc;
import io.daisi.ws.cluster.proto.PushEventsRequest;
import io.daisi.ws.cluster.proto.PushEventsResponse;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.routing.Peer;
import io.daisi.ws.testsupport.FreePorts;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code StreamEvents} between a forwarder (pod A) and real gRPC servers (pod B) over real sockets:
 * batches on one long-lived stream, answers by batch id, the fallback to {@code PushEvents}, a
 * batch the peer holds too long, and both ends shutting down.
 */
class PeerStreamsIT extends ForwarderFixture {
    /** gRPC methods pod B was called with, in order (bare names: StreamEvents, PushEvents, ...). */
    private final List<String> callsToB = new CopyOnWriteArrayList<>();

    @Test
    void batchesTravelOnOneStreamThatStaysOpen() throws IOException {
        Peer b = startPodB(event -> CompletableFuture.completedFuture(null));
        startForwarder(Map.of());

        for (int seq = 1; seq <= 5; seq++) {
            forwarded(b, event(seq));
        }

        assertThat(receivedByB).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(callsToB).as("one stream for five batches, no call per batch").containsExactly("StreamEvents");
        assertThat(forwarder.openStreams()).isEqualTo(1);
    }

    @Test
    void anOlderPodWithoutTheStreamIsServedWithPushEventsUntilItsChannelIsClosed() throws IOException {
        ForwardingService real = new ForwardingService(recording(event -> CompletableFuture.completedFuture(null)),
                metricsB.grpc());
        // what a pod of this project from before StreamEvents serves
        Peer b = serve(new MessageForwardingServiceGrpc.MessageForwardingServiceImplBase() {
            @Override
            public void pushEvents(PushEventsRequest request, StreamObserver<PushEventsResponse> response) {
                real.pushEvents(request, response);
            }
        });
        startForwarder(Map.of("grpc_pool_idle_timeout_seconds", "1"));

        for (int seq = 1; seq <= 3; seq++) {
            forwarded(b, event(seq));
        }

        assertThat(receivedByB).extracting(Event::seq).containsExactly(1L, 2L, 3L);
        assertThat(callsToB).as("the stream tried once, then one PushEvents call per batch")
                .containsExactly("StreamEvents", "PushEvents", "PushEvents", "PushEvents");
        assertThat(forwarder.openStreams()).isZero();

        // the idle channel is closed; the next one may reach an upgraded pod, so the stream is tried again
        await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.pooledChannels() == 0);
        forwarded(b, event(4));
        assertThat(callsToB.subList(4, callsToB.size())).containsExactly("StreamEvents", "PushEvents");
    }

    @Test
    void theServerAnswersEachBatchOfAStreamWhenItIsDeliveredWithItsBatchId() throws Exception {
        CompletableFuture<Void> firstHeld = new CompletableFuture<>();
        Peer b = startPodB(event -> event.seq() == 1 ? firstHeld : CompletableFuture.completedFuture(null));
        ManagedChannel channel = Grpc.newChannelBuilder(b.address(), InsecureChannelCredentials.create()).build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        List<Long> answered = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        StreamObserver<PushEventsRequest> requests = MessageForwardingServiceGrpc.newStub(channel)
                .streamEvents(new StreamObserver<>() {
                    @Override
                    public void onNext(PushEventsResponse response) {
                        assertThat(response.getResultsList()).allMatch(result -> result.getSuccess());
                        answered.add(response.getBatchId());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });

        requests.onNext(batch(7, 1));
        requests.onNext(batch(8, 2, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.equals(List.of(8L)));

        firstHeld.complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> answered.equals(List.of(8L, 7L)));
        requests.onCompleted();

        assertThat(ended).as("half-closed and all answered: the server ends the stream")
                .succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aBatchThePeerHoldsPastTheTimeoutFailsAndTheNextOneOpensAFreshStream() throws IOException {
        Peer b = startPodB(event -> event.seq() == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null));
        startForwarder(Map.of("grpc_client_forward_timeout_seconds", "1"));

        CompletableFuture<Void> held = forwarder.forward(b, event(1)).toCompletableFuture();
        assertThat(reason(held)).isEqualTo(PeerUnavailableException.Reason.FAILED);
        forwarded(b, event(2));

        assertThat(receivedByB).extracting(Event::seq).as("the held batch was retried once").containsExactly(1L, 1L, 2L);
        assertThat(callsToB).as("each timeout ended its stream").containsExactly("StreamEvents", "StreamEvents",
                "StreamEvents");
        assertThat(sample(metricsA, "dws_grpc_forward_retry_attempts_total")).isEqualTo(1.0);
    }

    @Test
    void aPeerShuttingDownEndsItsStreamsRatherThanWaitingForThem() throws IOException {
        int port = FreePorts.next();
        GrpcServer server = GrpcServer.start(ClusterConfigs.server("pod-b", port, false),
                new ForwardingService(recording(event -> CompletableFuture.completedFuture(null)), metricsB.grpc()));
        Peer b = new Peer("pod-b", "127.0.0.1:" + port);
        startForwarder(Map.of());
        forwarded(b, event(1));
        assertThat(forwarder.openStreams()).isEqualTo(1);

        // a grace far longer than the bound below: only ended streams let the close return in time
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.close(Duration.ofSeconds(120)));

        assertThat(closing).succeedsWithin(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.openStreams() == 0);
    }

    @Test
    void closingTheForwarderEndsItsStreamsAndThePeerKeepsServingOthers() throws IOException {
        Peer b = startPodB(event -> CompletableFuture.completedFuture(null));
        startForwarder(Map.of());
        forwarded(b, event(1));

        // channels wait up to five seconds for calls in progress: an open stream would hold them that long
        long start = System.nanoTime();
        forwarder.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        startForwarder(Map.of());
        forwarded(b, event(2));
        assertThat(receivedByB).extracting(Event::seq).containsExactly(1L, 2L);
    }

    @Test
    void aBatchRefusedWhileTheForwarderClosesIsAnsweredOutsideTheStreamsLock() throws Exception {
        Peer b = startPodB(event -> CompletableFuture.completedFuture(null));
        ManagedChannel channel = Grpc.newChannelBuilder(b.address(), InsecureChannelCredentials.create()).build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        toClose.add(timer::shutdownNow);
        PeerStreams streams = new PeerStreams(timer);
        Duration timeout = Duration.ofSeconds(10);
        CompletableFuture<Object> first = new CompletableFuture<>();
        streams.send(b.address(), channel, batch(0, 1), timeout, answerInto(first), unary -> first.complete("unary"));
        assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isInstanceOf(PushEventsResponse.class);
        assertThat(streams.openStreams()).isEqualTo(1);

        timer.shutdown(); // what closing the forwarder does: batches can no longer get a timeout
        CompletableFuture<Object> second = new CompletableFuture<>();
        CompletableFuture<Object> third = new CompletableFuture<>();
        AtomicReference<Boolean> thirdAnsweredMeanwhile = new AtomicReference<>();
        streams.send(b.address(), channel, batch(0, 2), timeout, new StreamObserver<>() {
            @Override
            public void onNext(PushEventsResponse response) {
                second.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                // the caller reacts on another thread that needs the same stream, and waits for it
                Thread other = new Thread(() -> streams.send(b.address(), channel, batch(0, 3), timeout,
                        answerInto(third), unary -> third.complete("unary")));
                other.start();
                try {
                    other.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                thirdAnsweredMeanwhile.set(third.isDone());
                second.complete(t);
            }

            @Override
            public void onCompleted() {
            }
        }, unary -> second.complete("unary"));

        assertThat(second).succeedsWithin(Duration.ofSeconds(20)).isInstanceOfSatisfying(Throwable.class,
                t -> assertThat(Status.fromThrowable(t).getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(thirdAnsweredMeanwhile.get()).as("the other thread was not kept waiting for the lock").isTrue();
        assertThat(third).succeedsWithin(Duration.ofSeconds(10)).isInstanceOfSatisfying(Throwable.class,
                t -> assertThat(t.getMessage()).contains("forwarder closing"));
        assertThat(receivedByB).extracting(Event::seq).containsExactly(1L);
    }

    // ---- helpers ----

    private static StreamObserver<PushEventsResponse> answerInto(CompletableFuture<Object> answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(PushEventsResponse response) {
                answer.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                answer.complete(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private Peer startPodB(EventDispatcher answers) throws IOException {
        return serve(new ForwardingService(recording(answers), metricsB.grpc()));
    }

    private Peer serve(MessageForwardingServiceGrpc.MessageForwardingServiceImplBase service) throws IOException {
        ServerInterceptor methods = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                callsToB.add(call.getMethodDescriptor().getBareMethodName());
                return next.startCall(call, headers);
            }
        };
        Server server = Grpc.newServerBuilderForPort(FreePorts.next(), InsecureServerCredentials.create())
                .directExecutor()
                .addService(ServerInterceptors.intercept(service, methods)).build().start();
        toClose.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return new Peer("pod-b", "127.0.0.1:" + server.getPort());
    }

    private static Event event(long seq) {
        String json = "{\"event_id\":\"e-" + seq + "\",\"row_data\":{\"id\":" + seq + "}}";
        return new Event(SUBJECT, seq, json.getBytes(StandardCharsets.UTF_8), "e-" + seq, "req-" + seq,
                System.nanoTime());
    }

    private static PushEventsRequest batch(long batchId, long... seqs) {
        PushEventsRequest.Builder batch = PushEventsRequest.newBuilder().setSourcePodId("pod-a").setBatchId(batchId);
        for (long seq : seqs) {
            ForwardedEvent forwarded = ForwardedEventCodec.encode(event(seq), java.time.Clock.systemUTC(),
                    System.nanoTime());
            batch.addEvents(forwarded);
        }
        return batch.build();
    }
}
