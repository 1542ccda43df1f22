package io.daisi.ws.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The scenarios driven through JetStream, as production events arrive: sockets spread over
 * company/agent pairs (and chats) on one or more gateways of a cluster, events published with
 * jnats at a fixed rate with a subject mix, latency from the publish to the frame.
 * <ul>
 *   <li>{@code latency}: a rate well below saturation; P50/P99/P99.9/max.</li>
 *   <li>{@code crosspod}: the same on two or more gateways; each event's first arrival on the pod
 *       that took it (local) against its arrival on the others (forwarded), and the difference.</li>
 *   <li>{@code fanout --nats}: the saturation run of {@code fanout}, through JetStream.</li>
 * </ul>
 */
final class StreamScenario {
    /**
     * The most events one run publishes, warm-up included; also the bound of {@code fanout}'s and
     * {@code burst}'s {@code --events}.
     */
    static final int MAX_EVENTS = 10_000_000;
    static final String HELP = """
            latency|crosspod --nats URL --sockets N --rate R --seconds S --api-key K [--gateway URL[,URL...]]
                   [--pairs P] [--chats-per-pair C] [--mix chats:80,messages:20,agents:0] [--prefix websocket]
                   [--payload-bytes B] [--warmup-seconds W] [--drain-seconds D] [fleet options] [--json]
            fanout --nats URL ... (the same options): saturation throughput through JetStream
              --nats URL         the cluster's NATS (loopback), e.g. nats://127.0.0.1:4222
              --gateway A,B,...  the cluster's instances; socket j goes to instance (j / pairs) mod count
              --pairs P          company/agent pairs (default 1); socket j is on pair j mod P
              --chats-per-pair C each socket selects one of C chats of its pair (default 0: none)
              --admins A         admin sockets (/ws/admin), admin j scoped to pair j mod P; needs
                                 --token-key and --admin-token-key (auth.admin_token_aes_key)
              --mix              weights of chats / messages.{chat} / agents events (default chats:100)
              --rate R           events per second; --seconds S of them (plus the warm-up)
              --warmup-seconds W published first, left out of the latency, of the server CPU per
                     delivery and of deliveries_per_second_measured (default 1)
              --warmup-rate R    the warm-up's events per second (default: --rate): warm the
                     servers at a load they sustain, then measure a saturating --rate
              --server-pids P,Q  server processes (gateways, nats-server, redis-server) whose CPU time is reported
            """;

    private StreamScenario() {
    }

    static Report run(String name, Options o, String runId) throws Exception {
        List<Gateway> gateways = Gateway.all(o);
        String nats = o.required("nats");
        String prefix = o.string("prefix", "websocket");
        int sockets = ConnectionsScenario.socketCount(o, "sockets");
        int pairs = o.integer("pairs", 1, 1, 100_000);
        int chatsPerPair = o.integer("chats-per-pair", 0, 0, 1000);
        int admins = o.integer("admins", 0, 0, 10_000);
        EventMix mix = EventMix.parse(o.string("mix", "chats:100"), pairs, chatsPerPair);
        int rate = o.requiredInteger("rate", 1, 1_000_000);
        int seconds = o.requiredInteger("seconds", 1, 3600);
        int warmupSeconds = o.integer("warmup-seconds", 1, 0, 600);
        int warmupRate = o.integer("warmup-rate", rate, 1, 1_000_000);
        int payloadBytes = o.integer("payload-bytes", 512, 0, 60_000);
        int drainSeconds = o.integer("drain-seconds", 10, 0, 600);
        FleetSettings settings = FleetSettings.from(o);
        Http http = new Http();
        TokenSource tokens = TokenSource.from(o, http, gateways.getFirst(), settings);
        ServerCpu cpu = ServerCpu.from(o);
        o.rejectUnknown();
        if (name.equals("crosspod") && gateways.size() < 2) {
            throw new UsageException("crosspod needs two or more instances: --gateway URL1,URL2");
        }

        String company = "b" + runId;
        List<Target> targets = new ArrayList<>(sockets);
        for (int j = 0; j < sockets; j++) {
            int pair = j % pairs;
            int gateway = (j / pairs) % gateways.size();
            String chat = chatsPerPair == 0 ? "" : EventMix.chat((j / (pairs * gateways.size())) % chatsPerPair);
            targets.add(new Target(JetStreamEventPublisher.company(company, pair), JetStreamEventPublisher.agent(pair),
                    "u" + j, gateway, chat));
        }
        // admin j watches pair j mod P: the pair's agents events reach it
        for (int j = 0; j < admins; j++) {
            int pair = j % pairs;
            targets.add(Target.admin(JetStreamEventPublisher.company(company, pair), JetStreamEventPublisher.agent(pair),
                    "adm" + runId + "-" + j, j % gateways.size()));
        }
        int warmup = warmupRate * warmupSeconds;
        int events = eventCount(warmup, rate, seconds);
        Report report = new Report(name);
        try (SocketFleet fleet = new SocketFleet(gateways, settings, tokens);
             JetStreamEventPublisher publisher = new JetStreamEventPublisher(nats, prefix, company, "bench-" + runId
                     + "-", payloadBytes, mix)) {
            Progress.say("opening %d sockets (+%d admins) on %d pairs over %d instance(s) ...", sockets, admins, pairs,
                    gateways.size());
            SocketFleet.Opened opened = fleet.open(targets);
            Scenarios.reportOpened(report, opened);
            List<BenchSocket> ready = fleet.ready();
            if (ready.isEmpty()) {
                return report;
            }
            // select_chat and route registration finish asynchronously after ready
            Thread.sleep(chatsPerPair > 0 ? 2000 : 500);
            fleet.deliveries().measureFrom(warmup);
            fleet.deliveries().trackArrivals(events, gateways.size());
            List<MetricsSnapshot> before = MetricsSnapshot.scrapeAll(http, gateways);
            Progress.say("%d ready; publishing %d events (%d warm-up at %d/s) at %d/s to JetStream ...",
                    ready.size(), events, warmup, warmupRate, rate);
            // the servers' latency histograms are read from the warm-up's end, like the harness's own
            CompletableFuture<List<MetricsSnapshot>> atWarmupEnd = new CompletableFuture<>();
            CpuWindow cpuWindow = CpuWindow.start(cpu, () -> Scenarios.delivered(ready), warmupSeconds,
                    () -> atWarmupEnd.complete(MetricsSnapshot.scrapeAllOr(http, gateways, before)));
            JetStreamEventPublisher.Published published = publisher.publish(events,
                    new PublishSchedule(warmup, warmupRate, rate));
            long expected = expected(ready, mix, events);
            Progress.say("published %d; waiting up to %d s for %d deliveries ...", published.acked(), drainSeconds,
                    expected);
            drain(ready, expected, drainSeconds);
            cpuWindow.report(report);
            List<MetricsSnapshot> after = MetricsSnapshot.scrapeAll(http, gateways);
            fleet.closeAll(10_000);
            report(report, name, fleet, ready, published, events, cpuWindow, rate, payloadBytes, expected,
                    Scenarios.droppedByPolicy(before, after));
            report.add("warmup_rate", "the warm-up's publish rate", warmupRate, warmupRate + "/s");
            reportServer(report, gateways, before, atWarmupEnd.getNow(before), after);
            if (name.equals("crosspod")) {
                reportCrossPod(report, fleet.deliveries(), warmup, events, gateways.size());
            }
        }
        return report;
    }

    /** The events a run publishes, {@code warmup} of them first; a usage error above {@link #MAX_EVENTS}. */
    static int eventCount(int warmup, int rate, int seconds) {
        long events = warmup + (long) rate * seconds;
        if (events > MAX_EVENTS) {
            throw new UsageException("--warmup-rate x --warmup-seconds + --rate x --seconds is " + events
                    + " events; a run publishes at most " + MAX_EVENTS);
        }
        return (int) events;
    }

    /**
     * Deliveries the ready sockets must get: a chats event reaches its pair's users, a messages event
     * its chat's viewers, an agents event the admins watching its pair.
     */
    static long expected(List<BenchSocket> ready, EventMix mix, int events) {
        Map<Integer, Integer> perPair = new HashMap<>();
        Map<String, Integer> perChat = new HashMap<>();
        Map<Integer, Integer> adminsPerPair = new HashMap<>();
        for (BenchSocket s : ready) {
            int pair = pairOf(s.target);
            if (s.target.admin()) {
                adminsPerPair.merge(pair, 1, Integer::sum);
                continue;
            }
            perPair.merge(pair, 1, Integer::sum);
            perChat.merge(pair + "/" + s.target.chat(), 1, Integer::sum);
        }
        long expected = 0;
        for (int i = 0; i < events; i++) {
            EventMix.Route r = mix.route(i);
            expected += switch (r.kind()) {
                case CHATS -> perPair.getOrDefault(r.pair(), 0);
                case MESSAGES -> perChat.getOrDefault(r.pair() + "/" + r.chat(), 0);
                case AGENTS -> adminsPerPair.getOrDefault(r.pair(), 0);
            };
        }
        return expected;
    }

    private static int pairOf(Target t) {
        return Integer.parseInt(t.agent().substring(1));
    }


    private static void drain(List<BenchSocket> ready, long expected, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && Scenarios.delivered(ready) < expected) {
            Thread.sleep(20);
        }
    }

    private static void report(Report r, String name, SocketFleet fleet, List<BenchSocket> ready,
                               JetStreamEventPublisher.Published p, int events, CpuWindow window, int rate,
                               int payloadBytes, long expected, long droppedByPolicy) {
        long received = Scenarios.delivered(ready);
        long missing = Math.max(0, expected - received);
        long duplicates = 0;
        for (BenchSocket s : ready) {
            duplicates += s.events.totals(0).duplicates();
        }
        long lastUs = fleet.deliveries().lastAtUs();
        double seconds = lastUs == 0 ? 0 : (lastUs - p.startMicros()) / 1e6;
        Percentiles latency = fleet.deliveries().latency();
        Map<String, Integer> dropped = fleet.dropped();
        r.add("events", "events published (JetStream)", events)
                .add("rate", "target publish rate", rate, rate + "/s")
                .add("payload_bytes", "event JSON size", payloadBytes)
                .add("events_acked", "events acked by JetStream", p.acked())
                .add("publish_failures", "publish failures", p.failures(), Scenarios.counts(p.failures()))
                .add("publish_rate", "achieved publish rate", Report.round1(p.perSecond()),
                        String.format(Locale.ROOT, "%.1f/s", p.perSecond()))
                .add("deliveries", "distinct deliveries received", received)
                .add("deliveries_expected", "deliveries expected", expected)
                .add("deliveries_per_second", "deliveries/s (first publish to last delivery)",
                        Report.round1(seconds == 0 ? 0 : received / seconds));
        window.reportRate(r, lastUs);
        r.add("latency", "publish -> frame latency (after warm-up)", latency.toMap(), latency.human())
                .add("duplicates", "duplicates (redeliveries)", duplicates)
                .add("dropped_sockets", "sockets dropped by the gateway", dropped, Scenarios.counts(dropped))
                .problemIf(events - p.acked(), "events not acked by JetStream")
                .add("missing", "deliveries missing", missing)
                .add("missing_dropped_by_policy", "of which frames the pods dropped (drop_oldest)",
                        Math.min(missing, droppedByPolicy))
                .problemIf(Scenarios.unexplainedMissing(missing, droppedByPolicy),
                        "deliveries missing that no pod dropped")
                .problemIf(dropped.values().stream().mapToInt(Integer::intValue).sum(), "sockets dropped");
    }

    /** Latency histograms from {@code measuredFrom} (the warm-up's end), frames dropped over the whole run. */
    private static void reportServer(Report r, List<Gateway> gateways, List<MetricsSnapshot> before,
                                     List<MetricsSnapshot> measuredFrom, List<MetricsSnapshot> after) {
        String name = "dws_event_delivery_latency_seconds";
        for (int g = 0; g < gateways.size(); g++) {
            MetricsSnapshot from = measuredFrom.get(g);
            ServerHistogram server = after.get(g).histogram(name).minus(from.histogram(name));
            Map<String, Integer> drops = Scenarios.framesDropped(before.get(g), after.get(g));
            r.add("server_delivery_latency_" + g, "instance " + g + " " + name + " (after warm-up)", server.toMap(),
                    server.human());
            for (String path : List.of("local", "forwarded")) {
                String label = "path=\"" + path + "\"";
                ServerHistogram byPath = after.get(g).histogram(name, label).minus(from.histogram(name, label));
                r.add("server_delivery_latency_" + g + "_" + path, "instance " + g + " " + name + "{" + label + "}",
                        byPath.toMap(), byPath.human());
            }
            r
                    .add("server_frames_dropped_" + g, "instance " + g + " frames dropped (send queues, overload)",
                            drops, Scenarios.counts(drops));
        }
    }

    /**
     * Each event reaches first the sockets of the pod that took it from JetStream: its earliest
     * arrival over the instances is the local one, its first arrival on each other instance a
     * forwarded one, and their difference the cost of the gRPC hop (plus the second pod's own
     * delivery, which the local pod also pays).
     */
    private static void reportCrossPod(Report r, Deliveries d, int from, int events, int gateways) {
        LatencyRecorder local = new LatencyRecorder();
        LatencyRecorder forwarded = new LatencyRecorder();
        LatencyRecorder hop = new LatencyRecorder();
        int compared = 0;
        for (int i = from; i < events; i++) {
            long first = Long.MAX_VALUE;
            int firstGateway = -1;
            for (int g = 0; g < gateways; g++) {
                long v = d.firstArrival(i, g);
                if (v >= 0 && v < first) {
                    first = v;
                    firstGateway = g;
                }
            }
            if (firstGateway < 0) {
                continue;
            }
            boolean any = false;
            for (int g = 0; g < gateways; g++) {
                long v = d.firstArrival(i, g);
                if (g != firstGateway && v >= 0) {
                    forwarded.record(v);
                    hop.record(v - first);
                    any = true;
                }
            }
            if (any) {
                local.record(first);
                compared++;
            }
        }
        Percentiles l = local.summary();
        Percentiles f = forwarded.summary();
        Percentiles h = hop.summary();
        r.add("crosspod_events_compared", "events seen on 2+ instances", compared)
                .add("latency_local", "first arrival, taking pod (local)", l.toMap(), l.human())
                .add("latency_forwarded", "first arrival, other pods (forwarded)", f.toMap(), f.human())
                .add("hop_added", "forwarded minus local, per event", h.toMap(), h.human())
                .add("hop_added_p99_us", "added P99 (forwarded P99 - local P99)", f.p99Us() - l.p99Us(),
                        Percentiles.ms(f.p99Us() - l.p99Us()));
    }
}
