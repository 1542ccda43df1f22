package io.daisi.ws.events.jetstream;

import static io.daisi.ws.events.jetstream.JetStreamTesting.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.EventSubject;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JetStreamConsumerIT extends OneNatsPerClass {

    private static final Duration DELIVERY = Duration.ofSeconds(10);

    @Test
    void dispatchesEveryEventInStreamOrderAndAcksItEvenWhenDispatchCompletesLaterOutOfOrder() throws Exception {
        newConfig(Map.of());
        // each dispatch completes on another thread after a random delay, so completions interleave
        RecordingDispatcher dispatcher = new RecordingDispatcher().answering(e -> CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(ThreadLocalRandom.current().nextInt(30), TimeUnit.MILLISECONDS)));
        try (ConsumerPod pod = ConsumerPod.start(config, dispatcher)) {
            awaitConsumer("ws_fanout");
            List<Long> published = new ArrayList<>();
            published.add(publish("c1.a1.chats", event("e0"), new Headers().put("X-Request-ID", "req-0")));
            for (int i = 1; i < 30; i++) {
                published.add(publish(i % 2 == 0 ? "c1.a1.agents" : "c1.a1.messages.x" + i, event("e" + i)));
            }

            await().atMost(DELIVERY).until(() -> dispatcher.seqs().size() == published.size());
            assertThat(dispatcher.seqs()).containsExactlyElementsOf(published);
            Event first = dispatcher.events().getFirst();
            assertThat(first.subject()).isEqualTo(EventSubject.chats("c1", "a1"));
            assertThat(first.eventId()).isEqualTo("e0");
            assertThat(first.requestId()).isEqualTo("req-0");
            assertThat(new String(first.payloadJson(), StandardCharsets.UTF_8)).isEqualTo(new String(event("e0"),
                    StandardCharsets.UTF_8));
            assertThat(dispatcher.events().get(1).subject().kind()).isEqualTo(EventKind.MESSAGES);
            assertThat(dispatcher.events().get(1).requestId()).as("generated when absent").isNotBlank();

            awaitAllAcked("ws_fanout");
            assertThat(consumerInfo("ws_fanout").getRedelivered()).isZero();
            assertThat(pod.metrics.received).hasValue(30);
            assertThat(pod.metrics.acked).hasValue(30);
        }
    }

    @Test
    void aFailedDispatchIsRedeliveredAndTerminatedAfterMaxDeliver() throws Exception {
        newConfig(Map.of("DAISI_WS_NATS_MAX_DELIVER", "3"));
        AtomicBoolean flakyFailedOnce = new AtomicBoolean();
        RecordingDispatcher dispatcher = new RecordingDispatcher().answering(e -> switch (e.eventId()) {
            case "bad" -> CompletableFuture.failedFuture(new IllegalStateException("peer down"));
            case "flaky" -> flakyFailedOnce.compareAndSet(false, true)
                    ? CompletableFuture.failedFuture(new IllegalStateException("once"))
                    : CompletableFuture.completedFuture(null);
            case "throws" -> throw new IllegalStateException("dispatcher bug");
            default -> CompletableFuture.completedFuture(null);
        });
        try (ConsumerPod pod = ConsumerPod.start(config, dispatcher)) {
            awaitConsumer("ws_fanout");
            publish("c1.a1.chats", event("bad"));
            publish("c1.a1.chats", event("flaky"));
            publish("c1.a1.chats", event("throws"));
            publish("c1.a1.chats", event("good"));

            await().atMost(DELIVERY).until(() -> pod.metrics.dropped.get() == 2);
            assertThat(dispatcher.attempts("bad")).isEqualTo(3);
            assertThat(dispatcher.attempts("throws")).isEqualTo(3);
            assertThat(dispatcher.attempts("flaky")).isEqualTo(2);
            assertThat(dispatcher.attempts("good")).isEqualTo(1);
            assertThat(pod.metrics.nacked).hasValue(2 + 2 + 1);
            assertThat(pod.metrics.acked).hasValue(2);
            awaitAllAcked("ws_fanout");
            assertThat(dispatcher.attempts("bad")).as("not delivered again after term").isEqualTo(3);
        }
    }

    @Test
    void messagesThatAreNotEventsAreAckedCountedAndNeverRedelivered() throws Exception {
        newConfig(Map.of());
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        try (ConsumerPod pod = ConsumerPod.start(config, dispatcher)) {
            awaitConsumer("ws_fanout");
            publish("c1.a1.unknown", event("wrong-subject"));
            publish("c1.a1.chats", "{not json".getBytes(StandardCharsets.UTF_8));
            publish("c1.a1.chats", "{\"event_id\":7}".getBytes(StandardCharsets.UTF_8));
            long valid = publish("c1.a1.chats", event("ok"));

            await().atMost(DELIVERY).until(() -> dispatcher.seqs().equals(List.of(valid)));
            awaitAllAcked("ws_fanout");
            assertThat(pod.metrics.invalid).hasValue(3);
            assertThat(consumerInfo("ws_fanout").getRedelivered()).isZero();
        }
    }

    @Test
    void sharedModePodsStartingTogetherSplitTheEventsWithNoneMissing() throws Exception {
        newConfig(Map.of());
        RecordingDispatcher a = new RecordingDispatcher();
        RecordingDispatcher b = new RecordingDispatcher();
        CompletableFuture<ConsumerPod> startA = CompletableFuture.supplyAsync(() -> ConsumerPod.start(config, "pod-a", a));
        CompletableFuture<ConsumerPod> startB = CompletableFuture.supplyAsync(() -> ConsumerPod.start(config, "pod-b", b));
        try (ConsumerPod podA = startA.join(); ConsumerPod podB = startB.join()) {
            // both bound: each keeps a pull request waiting on the one durable
            await().atMost(DELIVERY).ignoreExceptions().until(() -> consumerInfo("ws_fanout").getNumWaiting() >= 2);
            assertThat(consumerNames()).containsExactly("ws_fanout");
            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                published.add(publish("c" + (i % 5) + ".a1.chats", event("e" + i)));
            }

            await().atMost(DELIVERY).until(() -> a.seqs().size() + b.seqs().size() >= published.size());
            List<Long> all = new ArrayList<>(a.seqs());
            all.addAll(b.seqs());
            assertThat(all).containsExactlyInAnyOrderElementsOf(published);
            awaitAllAcked("ws_fanout");
        }
    }

    @Test
    void perPodModeGivesEveryPodEveryEventInStreamOrder() throws Exception {
        newConfig(Map.of("DAISI_WS_NATS_DELIVERY_MODE", "per_pod",
                "DAISI_WS_NATS_PER_POD_INACTIVE_THRESHOLD_SECONDS", "60"));
        RecordingDispatcher a = new RecordingDispatcher();
        RecordingDispatcher b = new RecordingDispatcher();
        try (ConsumerPod podA = ConsumerPod.start(config, "pod-a", a);
             ConsumerPod podB = ConsumerPod.start(config, "pod-b", b)) {
            awaitConsumer("ws_fanout_pod-a");
            awaitConsumer("ws_fanout_pod-b");
            assertThat(consumerInfo("ws_fanout_pod-a").getConsumerConfiguration().getInactiveThreshold())
                    .isEqualTo(Duration.ofSeconds(60));
            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                published.add(publish("c1.a" + (i % 3) + ".messages.x", event("e" + i)));
            }

            await().atMost(DELIVERY).until(() -> a.seqs().size() == 100 && b.seqs().size() == 100);
            assertThat(a.seqs()).containsExactlyElementsOf(published);
            assertThat(b.seqs()).containsExactlyElementsOf(published);
            awaitAllAcked("ws_fanout_pod-a");
            awaitAllAcked("ws_fanout_pod-b");
        }
    }

    @Test
    void aDeletedConsumerIsCreatedAgainAndConsumptionGoesOn() throws Exception {
        newConfig(Map.of("DAISI_WS_NATS_DELIVERY_MODE", "per_pod"));
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        try (ConsumerPod pod = ConsumerPod.start(config, "pod-a", dispatcher)) {
            awaitConsumer("ws_fanout_pod-a");
            long before = publish("c1.a1.chats", event("before"));
            await().atMost(DELIVERY).until(() -> dispatcher.seqs().contains(before));

            // what JetStream does to a per_pod consumer after the inactive threshold
            client.jetStreamManagement().deleteConsumer(stream(), "ws_fanout_pod-a");
            awaitConsumer("ws_fanout_pod-a");
            long after = publish("c1.a1.chats", event("after"));

            await().atMost(DELIVERY).until(() -> dispatcher.seqs().contains(after));
            assertThat(dispatcher.seqs()).containsExactly(before, after);
        }
    }

    @Test
    void closeWaitsForInFlightDispatchesToBeSettled() throws Exception {
        newConfig(Map.of());
        CompletableFuture<Void> release = new CompletableFuture<>();
        // own threads: the common pool may have a single thread on a small machine, and close() blocks one
        ExecutorService threads = Executors.newFixedThreadPool(2);
        RecordingDispatcher dispatcher = new RecordingDispatcher().answering(e -> release.thenApplyAsync(x -> x, threads));
        ConsumerPod pod = ConsumerPod.start(config, dispatcher);
        try {
            awaitConsumer("ws_fanout");
            List<Long> published = LongStream.range(0, 3).mapToObj(i -> {
                try {
                    return publish("c1.a1.chats", event("e" + i));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            await().atMost(DELIVERY).until(() -> dispatcher.seqs().size() == 3);
            assertThat(pod.consumer.inFlight()).isEqualTo(3);

            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> pod.consumer.close(DELIVERY), threads);
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS, threads).execute(() -> release.complete(null));

            assertThat(closed.get(DELIVERY.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(release).as("close returned only after the dispatches completed").isDone();
            ConsumerInfo info = consumerInfo("ws_fanout");
            assertThat(info.getNumAckPending()).isZero();
            assertThat(new HashSet<>(dispatcher.seqs())).containsExactlyInAnyOrderElementsOf(published);
        } finally {
            pod.close();
            threads.shutdownNow();
        }
    }

    /**
     * A pod stopping with messages pulled but not dispatched returns them; another pod delivers
     * every one. They used to be NAKed at once into the stopping pod's pull, which was still open
     * on the server: handed back to it again and again, they used up max_deliver within the
     * second and were dropped undelivered.
     */
    @Test
    void messagesBufferedWhenAPodStopsAreDeliveredByAnotherPod() throws Exception {
        newConfig(Map.of("DAISI_WS_NATS_MAX_DELIVER", "3"));
        CountDownLatch inFirstDispatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingDispatcher stoppingDispatcher = new RecordingDispatcher().answering(e -> {
            if (e.eventId().equals("first")) {
                inFirstDispatch.countDown();
                try {
                    release.await(DELIVERY.toSeconds(), TimeUnit.SECONDS); // holds the consumer's thread
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return CompletableFuture.completedFuture(null);
        });
        ConsumerPod stopping = ConsumerPod.start(config, "pod-1", stoppingDispatcher);
        RecordingDispatcher otherDispatcher = new RecordingDispatcher();
        ConsumerPod other = null;
        try {
            awaitConsumer("ws_fanout");
            List<Long> published = new ArrayList<>();
            published.add(publish("c1.a1.chats", event("first")));
            assertThat(inFirstDispatch.await(DELIVERY.toSeconds(), TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                published.add(publish("c1.a1.chats", event("e" + i)));
            }
            // all 21 delivered to the stopping pod: one in dispatch, twenty waiting in its pull
            await().atMost(DELIVERY).until(() -> consumerInfo("ws_fanout").getNumAckPending() == 21);

            CompletableFuture<Boolean> closed = new CompletableFuture<>();
            Thread closer = new Thread(() -> closed.complete(stopping.consumer.close(DELIVERY)));
            closer.start();
            // close() has told the consumer to stop once it waits for the consumer's thread
            await().atMost(DELIVERY).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            assertThat(closed.get(DELIVERY.toSeconds() * 2, TimeUnit.SECONDS)).isTrue();

            other = ConsumerPod.start(config, "pod-2", otherDispatcher);
            await().atMost(DELIVERY).until(() -> otherDispatcher.seqs().size() >= 20);
            Set<Long> delivered = new HashSet<>(stoppingDispatcher.seqs());
            delivered.addAll(otherDispatcher.seqs());
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(published);
            assertThat(other.metrics.dropped).hasValue(0);
        } finally {
            release.countDown();
            stopping.close();
            if (other != null) {
                other.close();
            }
        }
    }
}
