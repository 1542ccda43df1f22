package io.daisi.ws.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.testsupport.FaultRun;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.NonReadingClient;
import io.daisi.ws.testsupport.PodProcess;
import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.ReliabilityReport;
import io.daisi.ws.testsupport.TestGateway;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 5: faults under a steady 200 events/s, every event sequence-numbered and counted
 * per socket. Three pods run as separate JVMs with the shipped defaults (breaker, heartbeat TTL,
 * max_deliver, ack wait), on a private nats-server -js and redis-server. Six chats subjects each
 * have one socket on each of two pods, so every event is delivered locally by the pod that took it
 * and forwarded to another. Outage lengths are the (10 s, 20 s); {@code -Dfault.soak=true}
 * runs each scenario's publishing for several minutes instead of seconds.
 */
class FaultInjectionIT {
    private static final int RATE = 200;
    private static final boolean SOAK = Boolean.getBoolean("fault.soak");
    private static final Duration WARM_UP = Duration.ofSeconds(SOAK ? 60 : 3);
    private static final Duration AFTER = Duration.ofSeconds(SOAK ? 120 : 8);
    private static final Duration NATS_OUTAGE = Duration.ofSeconds(10);
    private static final Duration REDIS_OUTAGE = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofSeconds(20);
    private static final int SUBJECTS = 6;
    private static final String PREFIX = "fault";

    private NatsServer nats;
    private RedisServer redis;
    private final List<PodProcess> pods = new ArrayList<>();
    private FaultRun run;
    private long startedNanos;

    @BeforeEach
    void start() {
        startedNanos = System.nanoTime();
        nats = NatsServer.launch();
        redis = RedisServer.launch();
    }

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
        pods.forEach(PodProcess::close);
        redis.close();
        nats.close();
    }

    /** The shipped defaults, except what a test machine needs: addresses, names, a queue deep enough for replays. */
    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        env.put("DAISI_WS_NATS_URL", nats.url());
        env.put("DAISI_WS_NATS_SUBJECT_PREFIX", PREFIX);
        env.put("DAISI_WS_LOG_LEVEL", "info");
        return env;
    }

    private List<PodProcess> startPods(String... ids) {
        return startPods(Map.of(), ids);
    }

    private List<PodProcess> startPods(Map<String, String> extra, String... ids) {
        Map<String, String> env = new LinkedHashMap<>(env());
        env.putAll(extra);
        List<CompletableFuture<PodProcess>> starting = new ArrayList<>();
        for (String id : ids) {
            starting.add(CompletableFuture.supplyAsync(() -> PodProcess.start(id, env)));
        }
        List<PodProcess> started = new ArrayList<>();
        for (CompletableFuture<PodProcess> s : starting) {
            started.add(s.join());
        }
        pods.addAll(started);
        return started;
    }

    /** Subject k has a socket on pod k and on pod k+1 (mod the pods), so each pod holds four. */
    private void subscribeAll(List<PodProcess> on, Map<String, AtomicReference<PodProcess>> homes) {
        for (int k = 0; k < SUBJECTS; k++) {
            for (int j = 0; j < 2; j++) {
                PodProcess pod = on.get((k + j) % on.size());
                AtomicReference<PodProcess> home = homes.computeIfAbsent("u" + k + "-" + j,
                        u -> new AtomicReference<>(pod));
                run.subscribe("u" + k + "-" + j, "c" + k, "a" + k, home::get, true);
            }
        }
    }

    private final Map<String, AtomicReference<PodProcess>> homes = new LinkedHashMap<>();

    private void setUpRun(List<PodProcess> on) {
        run = new FaultRun(nats.url(), PREFIX, RATE);
        subscribeAll(on, homes);
        run.startPublishing();
    }

    private static void hold(Duration d) {
        // the fault's length or the load's duration: the scenario itself, not a wait for an outcome
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double wall() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Runs {@code body}, then writes the report line whatever happened, then rethrows. */
    private void scenario(int order, String name, String mustHold, Map<String, Object> extra, Runnable body) {
        Throwable failure = null;
        try {
            body.run();
        } catch (RuntimeException | AssertionError e) {
            failure = e;
        }
        Map<String, Object> counts = run == null ? new LinkedHashMap<>() : new LinkedHashMap<>(run.summary());
        counts.putAll(extra);
        ReliabilityReport.fault(order, name, mustHold, failure == null, wall(), counts,
                failure == null ? "" : String.valueOf(failure.getMessage()).lines().findFirst().orElse(""));
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof AssertionError a) {
            throw a;
        }
    }

    private static List<String> closedOn(FaultRun run, Set<String> startPods, Map<String, String> firstPod) {
        List<String> closed = new ArrayList<>();
        for (FaultRun.Subscriber s : run.subscribers()) {
            if (startPods.contains(firstPod.get(s.user())) && !s.closeCodes().isEmpty()) {
                closed.add(s.user() + " " + s.closeCodes());
            }
        }
        return closed;
    }

    private Map<String, String> firstPods() {
        Map<String, String> first = new LinkedHashMap<>();
        homes.forEach((user, pod) -> first.put(user, pod.get().podId()));
        return first;
    }

    private static int lostOf(FaultRun.Result result, Set<String> users) {
        return result.sockets().stream().filter(s -> users.contains(s.user())).mapToInt(FaultRun.SocketResult::lost).sum();
    }

    private static Set<String> usersOn(Map<String, String> firstPods, Set<String> podIds) {
        Set<String> users = new java.util.TreeSet<>();
        firstPods.forEach((user, pod) -> {
            if (podIds.contains(pod)) {
                users.add(user);
            }
        });
        return users;
    }

    private ConsumerInfo consumerInfo() throws Exception {
        try (Connection c = Nats.connect(nats.url())) {
            return c.jetStreamManagement().getConsumerInfo("wa_stream", "ws_fanout");
        }
    }

    @Test
    void killMinus9OfAConsumingPodMidStream() {
        Map<String, Object> extra = new LinkedHashMap<>();
        scenario(1, "kill -9 of a consuming pod mid-stream",
                "sockets on the other pods lose 0; unacked events redelivered", extra, () -> {
            List<PodProcess> p = startPods("pod-a", "pod-b", "pod-c");
            setUpRun(p);
            Map<String, String> first = firstPods();
            hold(WARM_UP);
            ConsumerSampler sampler = new ConsumerSampler();
            p.get(2).kill();
            // pod-c's sockets reconnect with since to pod-a, as clients behind a load balancer would
            homes.values().forEach(h -> h.compareAndSet(p.get(2), p.get(0)));
            hold(Duration.ofSeconds(SOAK ? 120 : 20)); // past its heartbeat TTL (15 s)
            run.stopPublishing();
            FaultRun.Result result = run.awaitDelivered(Duration.ofSeconds(90)); // ack wait 30 s for its unacked
            Set<String> others = usersOn(first, Set.of("pod-a", "pod-b"));
            sampler.close();
            extra.put("max_redelivered_pending", sampler.maxRedelivered);
            extra.put("lost_on_other_pods", lostOf(result, others));
            extra.put("lost_on_killed_pod_after_reconnect", lostOf(result, usersOn(first, Set.of("pod-c"))));
            assertThat(closedOn(run, Set.of("pod-a", "pod-b"), first)).as("sockets on the other pods stay open").isEmpty();
            assertThat(lostOf(result, others)).as("lost on the other pods: " + result).isZero();
            assertThat(sampler.maxRedelivered).as("unacked events were redelivered").isPositive();
            await().atMost(Duration.ofSeconds(60)).until(() -> consumerInfo().getNumAckPending() == 0);
        });
    }

    @Test
    void natsStoppedTenSecondsThenRestarted() {
        Map<String, Object> extra = new LinkedHashMap<>();
        scenario(2, "NATS stopped " + NATS_OUTAGE.toSeconds() + " s, restarted",
                "sockets stay open; 0 lost", extra, () -> {
            List<PodProcess> p = startPods("pod-a", "pod-b", "pod-c");
            setUpRun(p);
            Map<String, String> first = firstPods();
            hold(WARM_UP);
            nats.stop();
            hold(NATS_OUTAGE);
            nats.start();
            hold(AFTER);
            run.stopPublishing();
            FaultRun.Result result = run.awaitDelivered(Duration.ofSeconds(60));
            assertThat(closedOn(run, Set.of("pod-a", "pod-b", "pod-c"), first)).as("sockets stay open").isEmpty();
            assertThat(result.lost()).as("lost: " + result).isZero();
        });
    }

    @Test
    void redisStoppedTenSecondsThenRestarted() {
        Map<String, Object> extra = new LinkedHashMap<>();
        scenario(3, "Redis stopped " + REDIS_OUTAGE.toSeconds() + " s, restarted (empty)",
                "sockets stay open; local delivery goes on; routes, locks and kill switch recover; 0 lost", extra, () -> {
            List<PodProcess> p = startPods("pod-a", "pod-b", "pod-c");
            setUpRun(p);
            Map<String, String> first = firstPods();
            hold(WARM_UP);
            long outageStart = System.nanoTime();
            redis.stop();
            hold(REDIS_OUTAGE);
            long outageEnd = System.nanoTime();
            // local delivery went on: each socket got events published while Redis was down, before it came back
            Map<String, Integer> duringOutage = new LinkedHashMap<>();
            for (FaultRun.Subscriber s : run.subscribers()) {
                duringOutage.put(s.user(), (int) run.publishedBetween(s.subject(), outageStart, outageEnd).stream()
                        .filter(s::hasReceived).count());
            }
            redis.start();
            hold(AFTER);
            run.stopPublishing();
            FaultRun.Result result = run.awaitDelivered(Duration.ofSeconds(60));
            extra.put("min_received_during_outage_per_socket",
                    duringOutage.values().stream().mapToInt(Integer::intValue).min().orElse(0));
            assertThat(closedOn(run, Set.of("pod-a", "pod-b", "pod-c"), first)).as("sockets stay open").isEmpty();
            assertThat(duringOutage).as("events delivered locally during the outage").allSatisfy((u, n) ->
                    assertThat(n).as(u).isPositive());
            assertThat(result.lost()).as("lost: " + result).isZero();
            // routes and locks are back (Redis restarted empty: the pods wrote them again)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int k = 0; k < SUBJECTS; k++) {
                    assertThat(redis.commandList("SMEMBERS", "route:c" + k + ":a" + k + ":chats")).hasSize(2);
                    for (int j = 0; j < 2; j++) {
                        assertThat(redis.command("EXISTS", "session:c" + k + ":a" + k + ":u" + k + "-" + j))
                                .isEqualTo("1");
                    }
                }
            });
            // the kill switch works again: a newer connection of a user on another pod takes the session over
            PodProcess a = p.get(0);
            PodProcess b = p.get(1);
            try (var older = io.daisi.ws.testsupport.TestSocket.connect(a.userUrl("c0", "a0",
                    a.userToken("c0", "a0", "kx"), -1), Map.of(), "json.v1")) {
                assertThat(older.nextOfType("ready")).isNotNull();
                try (var newer = io.daisi.ws.testsupport.TestSocket.connect(b.userUrl("c0", "a0",
                        b.userToken("c0", "a0", "kx"), -1), Map.of(), "json.v1")) {
                    assertThat(newer.nextOfType("ready")).isNotNull();
                    assertThat(older.awaitClose(Duration.ofSeconds(15)).code()).isEqualTo(4402);
                }
            }
        });
    }

    @Test
    void aPeerPausedTwentySecondsThenResumed() {
        Map<String, Object> extra = new LinkedHashMap<>();
        scenario(4, "a peer paused (SIGSTOP) " + PAUSE.toSeconds() + " s, then resumed",
                "its circuit opens; other pods' sockets unaffected; 0 lost on either side", extra, () -> {
            List<PodProcess> p = startPods("pod-a", "pod-b", "pod-c");
            setUpRun(p);
            Map<String, String> first = firstPods();
            hold(WARM_UP);
            PodProcess paused = p.get(2);
            paused.pause();
            hold(PAUSE);
            paused.resume();
            hold(Duration.ofSeconds(SOAK ? 120 : 25)); // past the breakers' open time (30 s from opening)
            run.stopPublishing();
            FaultRun.Result result = run.awaitDelivered(Duration.ofSeconds(90));
            double trips = p.get(0).metric("dws_grpc_circuitbreaker_tripped_total")
                    + p.get(1).metric("dws_grpc_circuitbreaker_tripped_total");
            extra.put("circuit_trips", trips);
            extra.put("lost_on_other_pods", lostOf(result, usersOn(first, Set.of("pod-a", "pod-b"))));
            extra.put("lost_on_paused_pod", lostOf(result, usersOn(first, Set.of("pod-c"))));
            extra.put("dropped_after_max_deliver", p.get(0).metric("dws_nats_messages_dropped_total")
                    + p.get(1).metric("dws_nats_messages_dropped_total") + paused.metric("dws_nats_messages_dropped_total"));
            assertThat(trips).as("the paused peer's circuit opened").isPositive();
            assertThat(closedOn(run, Set.of("pod-a", "pod-b"), first)).as("other pods' sockets stay open").isEmpty();
            assertThat(result.lost()).as("lost: " + result).isZero();
        });
    }

    @Test
    void sigtermOfAPodUnderLoad() {
        Map<String, Object> extra = new LinkedHashMap<>();
        scenario(5, "SIGTERM of a pod under load",
                "1001 to its sockets; they reconnect elsewhere with since: 0 lost", extra, () -> {
            List<PodProcess> p = startPods("pod-a", "pod-b", "pod-c");
            setUpRun(p);
            Map<String, String> first = firstPods();
            hold(WARM_UP);
            // its sockets reconnect to pod-a, as clients behind a load balancer would
            homes.values().forEach(h -> h.compareAndSet(p.get(2), p.get(0)));
            assertThat(p.get(2).terminate(Duration.ofSeconds(40))).as("pod-c exits after its drain").isTrue();
            hold(AFTER);
            run.stopPublishing();
            FaultRun.Result result = run.awaitDelivered(Duration.ofSeconds(90));
            Set<String> onC = usersOn(first, Set.of("pod-c"));
            List<Integer> codes = run.subscribers().stream().filter(s -> onC.contains(s.user()))
                    .flatMap(s -> s.closeCodes().stream()).toList();
            extra.put("close_codes_on_pod_c", codes);
            assertThat(codes).as("pod-c's sockets were closed with 1001").isNotEmpty().containsOnly(1001);
            assertThat(closedOn(run, Set.of("pod-a", "pod-b"), first)).as("other pods' sockets stay open").isEmpty();
            assertThat(result.lost()).as("lost: " + result).isZero();
        });
    }

    @Test
    void aSocketThatNeverReads() {
        Map<String, Object> extra = new LinkedHashMap<>();
        scenario(6, "a socket that never reads", "closed as SPEC §8 says (4408); the others' latency unaffected",
                extra, () -> {
            // big events, so the stuck socket's buffers fill in seconds; a short write timeout to keep it short
            List<PodProcess> p = startPods(Map.of("DAISI_WS_APP_WRITE_TIMEOUT_SECONDS", "5"), "pod-a", "pod-b");
            run = new FaultRun(nats.url(), PREFIX, RATE, 16_000);
            subscribeAll(p, homes);
            try (NonReadingClient stuck = new NonReadingClient(p.get(0).port(),
                    "/ws/c0/a0?token=" + TestGateway.enc(p.get(0).userToken("c0", "a0", "stuck"))
                            + "&x-api-key=" + TestGateway.enc(TestGateway.API_KEY))) {
                run.startPublishing();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> p.get(0).metric("dws_slow_consumer_closes_total") >= 1);
                await().atMost(Duration.ofSeconds(10)).until(stuck::serverClosed);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            hold(Duration.ofSeconds(3));
            run.stopPublishing();
            FaultRun.Result result = run.awaitDelivered(Duration.ofSeconds(60));
            double fastOnA = localWithin100ms(p.get(0));
            double fastOnB = localWithin100ms(p.get(1));
            extra.put("slow_consumer_closes", p.get(0).metric("dws_slow_consumer_closes_total"));
            extra.put("local_deliveries_within_100ms", String.format(java.util.Locale.ROOT, "%.4f", fastOnA));
            extra.put("local_deliveries_within_100ms_other_pod", String.format(java.util.Locale.ROOT, "%.4f", fastOnB));
            assertThat(closedOn(run, Set.of("pod-a", "pod-b"), firstPods())).as("the reading sockets stay open").isEmpty();
            assertThat(result.lost()).as("lost: " + result).isZero();
            // Compared with the other pod, not with a fixed figure: a busy test machine slows both pods
            // alike (a full suite run once gave 98.8 % on a fixed 99 % bar), while a stuck socket that
            // held up its pod's loop would leave most of the others' deliveries of those seconds late.
            // Alone on a quiet machine the two pods read 99.1-99.5 % and 99.7-100 %.
            assertThat(fastOnA).as("the others' deliveries on the stuck socket's pod stay fast")
                    .isGreaterThan(0.9)
                    .isGreaterThanOrEqualTo(fastOnB - 0.02);
        });
    }

    /** The share of a pod's local deliveries that took at most 100 ms (its delivery histogram). */
    private static double localWithin100ms(PodProcess pod) {
        double under100ms = pod.metricSample("dws_event_delivery_latency_seconds_bucket{path=\"local\",le=\"0.1\"}");
        double all = pod.metricSample("dws_event_delivery_latency_seconds_count{path=\"local\"}");
        return under100ms / all;
    }

    /** Samples the durable consumer twice a second: how many of its pending events were redeliveries, at most. */
    private final class ConsumerSampler implements AutoCloseable {
        private volatile long maxRedelivered;
        private volatile boolean running = true;
        private final Thread thread = Thread.ofPlatform().daemon().start(this::sample);

        private void sample() {
            try (Connection c = Nats.connect(nats.url())) {
                while (running) {
                    try {
                        ConsumerInfo info = c.jetStreamManagement().getConsumerInfo("wa_stream", "ws_fanout");
                        maxRedelivered = Math.max(maxRedelivered, info.getRedelivered());
                    } catch (Exception e) {
                        // NATS busy: the next sample
                    }
                    Thread.sleep(500);
                }
            } catch (Exception e) {
                // the sampler ends with the scenario
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
