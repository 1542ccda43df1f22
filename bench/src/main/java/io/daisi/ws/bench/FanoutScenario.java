package io.daisi.ws.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code fanout}: N sockets on one company/agent; E {@code chats} events published at
 * R/s reach every one of them. Reports deliveries per second, end-to-end latency
 * (publisher's clock to receipt), missing/duplicate/out-of-order events, and the
 * gateway's own delivery-latency histogram over the run.
 */
final class FanoutScenario {
    static final String HELP = """
            fanout --sockets N --events E --rate R --api-key K --admin-key A [--payload-bytes P]
                   [--gateway URL] [--publishers K] [--drain-seconds D] [fleet options] [--json]
              --sockets N        sockets on one company/agent (at most %d)
              --events E         chats events to publish
              --rate R           events per second to publish
              --payload-bytes P  size of each event's JSON, padded (default 512)
              --publishers K     concurrent HTTP publishers (default: one per 100 events/s, at most 32)
              --drain-seconds D  wait for late deliveries after the last publish (default 10)
              --gateway A,B      several instances: sockets spread over them, events published to A
              --server-pids P,Q  server processes whose CPU time per delivery is reported (/proc)
              --warmup-seconds W the first W s of publishing are a warm-up, left out of the latency,
                     of the server CPU per delivery and of deliveries_per_second_measured (default 0)
              --warmup-rate R    the warm-up's events per second (default: --rate), its W x R events
                     the first of --events: warm the servers at a load they sustain, then
                     measure a saturating --rate
            """.formatted(ConnectionsScenario.MAX_SOCKETS);

    /**
     * Events published concurrently have no order of their own: the gateway numbers each
     * when it arrives, then hands it to the sockets one by one, so a later number can reach
     * a socket first. Only a single publisher makes seq order a requirement.
     */
    private static final String CONCURRENT_NOTE =
            " (not counted as a problem: with concurrent publishers seq order is not guaranteed; use --publishers 1)";

    private FanoutScenario() {
    }

    static Report run(Options o, String runId) throws Exception {
        List<Gateway> gateways = Gateway.all(o);
        Gateway gateway = gateways.getFirst();
        String adminKey = o.required("admin-key");
        int sockets = ConnectionsScenario.socketCount(o, "sockets");
        int events = o.requiredInteger("events", 1, StreamScenario.MAX_EVENTS);
        int rate = o.requiredInteger("rate", 1, 1_000_000);
        int payloadBytes = o.integer("payload-bytes", 512, 0, 60_000);
        int publishers = o.integer("publishers", Math.min(32, (rate + 99) / 100), 1, 256);
        int drainSeconds = o.integer("drain-seconds", 10, 0, 600);
        int warmupSeconds = o.integer("warmup-seconds", 0, 0, 600);
        int warmupRate = o.integer("warmup-rate", rate, 1, 1_000_000);
        int warmup = warmupEvents(events, warmupSeconds, warmupRate);
        FleetSettings settings = FleetSettings.from(o);
        Http http = new Http();
        TokenSource tokens = TokenSource.from(o, http, gateway, settings);
        ServerCpu cpu = ServerCpu.from(o);
        o.rejectUnknown();

        String company = "bench-" + runId;
        String agent = "fanout";
        List<Target> targets = new ArrayList<>(sockets);
        for (int i = 0; i < sockets; i++) {
            // several instances (a cluster, or the socket.io peer's two servers): sockets spread over them,
            // events published to the first
            targets.add(new Target(company, agent, "u" + i, i % gateways.size(), ""));
        }
        Report report = new Report("fanout");
        try (SocketFleet fleet = new SocketFleet(gateways, settings, tokens)) {
            List<BenchSocket> ready = Scenarios.openOnePair(report, fleet, targets, company, agent);
            if (ready.isEmpty()) {
                return report;
            }
            fleet.deliveries().measureFrom(warmup);
            List<MetricsSnapshot> before = MetricsSnapshot.scrapeAll(http, gateways);
            EventPublisher publisher = new EventPublisher(http, gateway, adminKey,
                    "websocket." + company + "." + agent + ".chats", "bench-" + runId + "-", payloadBytes);
            Progress.say("%d ready; publishing %d events (%d warm-up at %d/s) at %d/s with %d publishers ...",
                    ready.size(), events, warmup, warmupRate, rate, publishers);
            // the server's latency histogram is read from the warm-up's end, like the harness's own
            CompletableFuture<List<MetricsSnapshot>> atWarmupEnd = new CompletableFuture<>();
            CpuWindow cpuWindow = CpuWindow.start(cpu, () -> Scenarios.delivered(ready), warmupSeconds,
                    () -> atWarmupEnd.complete(MetricsSnapshot.scrapeAllOr(http, gateways, before)));
            EventPublisher.Published published = publisher.publish(events,
                    new PublishSchedule(warmup, warmupRate, rate), publishers);
            Progress.say("published %d; waiting up to %d s for deliveries ...", published.accepted(), drainSeconds);
            drain(ready, published.accepted(), drainSeconds);
            cpuWindow.report(report);
            List<MetricsSnapshot> after = MetricsSnapshot.scrapeAll(http, gateways);
            fleet.closeAll(10_000);
            reportPublished(report, events, rate, payloadBytes, publishers, published);
            reportDeliveries(report, fleet, ready, published, publishers, Scenarios.droppedByPolicy(before, after));
            cpuWindow.reportRate(report, fleet.deliveries().lastAtUs());
            report.add("warmup_rate", "the warm-up's publish rate", warmupRate, warmupRate + "/s");
            reportServer(report, before.getFirst(), atWarmupEnd.getNow(before).getFirst(), after.getFirst());
        }
        return report;
    }


    /**
     * The warm-up's events, the first of {@code events}: {@code warmupSeconds x warmupRate}. A usage
     * error when nothing would be left to measure after it.
     */
    static int warmupEvents(int events, int warmupSeconds, int warmupRate) {
        long warmup = (long) warmupSeconds * warmupRate;
        if (warmup > 0 && warmup >= events) {
            throw new UsageException("--warmup-seconds x --warmup-rate is " + warmup + " events, all of --events "
                    + events + ": nothing would be measured after the warm-up");
        }
        return (int) warmup;
    }

    private static void reportPublished(Report r, int events, int rate, int payloadBytes, int publishers,
                                        EventPublisher.Published p) {
        r.add("events", "events to publish", events)
                .add("rate", "target publish rate", rate, rate + "/s")
                .add("payload_bytes", "event JSON size", payloadBytes, "about " + payloadBytes + " bytes")
                .add("publishers", "HTTP publishers", publishers)
                .add("events_accepted", "events accepted (202)", p.accepted())
                .add("publish_failures", "publish failures", p.failures(), Scenarios.counts(p.failures()))
                .add("publish_rate", "achieved publish rate", Report.round1(p.perSecond()),
                        String.format(Locale.ROOT, "%.1f/s", p.perSecond()))
                .add("publish_round_trip", "POST /dev/events round trip", p.roundTrip().toMap(), p.roundTrip().human())
                .problemIf(events - p.accepted(), "events not accepted");
    }

    private static void reportDeliveries(Report r, SocketFleet fleet, List<BenchSocket> ready,
                                         EventPublisher.Published published, int publishers, long droppedByPolicy) {
        SequenceChecker.Totals totals = SequenceChecker.Totals.ZERO;
        for (BenchSocket s : ready) {
            totals = totals.plus(s.events.totals(published.accepted()));
        }
        long lastUs = fleet.deliveries().lastAtUs();
        double seconds = lastUs == 0 ? 0 : (lastUs - published.startMicros()) / 1e6;
        Percentiles latency = fleet.deliveries().latency();
        Map<String, Integer> dropped = fleet.dropped();
        r.add("deliveries", "deliveries received", totals.received())
                .add("deliveries_expected", "deliveries expected", (long) ready.size() * published.accepted(),
                        ready.size() + " sockets x " + published.accepted() + " events")
                .add("deliveries_per_second", "deliveries/s (first publish to last delivery)",
                        Report.round1(seconds == 0 ? 0 : totals.received() / seconds))
                .add("latency", "end-to-end latency (publisher to socket, after the warm-up)", latency.toMap(), latency.human());
        reportCompleteness(r, totals, droppedByPolicy, publishers);
        r.add("dropped_sockets", "sockets dropped by the gateway", dropped, Scenarios.counts(dropped))
                .problemIf(dropped.values().stream().mapToInt(Integer::intValue).sum(), "sockets dropped");
    }

    /**
     * Whether every socket got every event once. Deliveries missing because an instance's
     * {@code drop_oldest} policy dropped them (its own count, summed over the instances) are
     * reported, not flagged: the policy allows them. Any other missing delivery is a problem.
     */
    static void reportCompleteness(Report r, SequenceChecker.Totals totals, long droppedByPolicy, int publishers) {
        r.add("missing", "missing (socket x event)", totals.missing())
                .add("missing_dropped_by_policy", "of which frames the instances dropped (drop_oldest)",
                        Math.min(totals.missing(), droppedByPolicy))
                .add("duplicates", "duplicates", totals.duplicates())
                .add("out_of_order", "seq not above the previous one", totals.outOfOrder(),
                        totals.outOfOrder() + (publishers > 1 ? CONCURRENT_NOTE : ""))
                .add("foreign_events", "events not from this run", totals.foreign())
                .add("sockets_complete", "sockets that got every event", totals.complete())
                .problemIf(Scenarios.unexplainedMissing(totals.missing(), droppedByPolicy),
                        "deliveries missing that no instance dropped")
                .problemIf(totals.duplicates(), "duplicate deliveries")
                .problemIf(publishers == 1 ? totals.outOfOrder() : 0, "deliveries out of order");
    }

    /**
     * The gateway's own view of the run: frames it dropped from send queues (over the whole run)
     * and its delivery latency from {@code measuredFrom} (the warm-up's end; the run's start without one).
     */
    private static void reportServer(Report r, MetricsSnapshot before, MetricsSnapshot measuredFrom,
                                     MetricsSnapshot after) {
        Map<String, Integer> drops = Scenarios.framesDropped(before, after);
        String name = "dws_event_delivery_latency_seconds";
        ServerHistogram server = after.histogram(name).minus(measuredFrom.histogram(name));
        r.add("server_frames_dropped", "gateway frames dropped (send queues)", drops, Scenarios.counts(drops))
                .add("server_delivery_latency", "gateway " + name + " (after the warm-up)", server.toMap(),
                        server.human());
    }

    /** Waits until every socket has every accepted event, or {@code seconds} have passed. */
    private static void drain(List<BenchSocket> ready, int expected, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ready.stream().allMatch(s -> s.events.distinct() >= expected || s.dropReason() != null)) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
