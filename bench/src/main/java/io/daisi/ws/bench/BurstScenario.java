package io.daisi.ws.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code burst}: N sockets on one company/agent, a share of them stops reading for a few
 * seconds while E events are published in one burst (as a bulk UPDATE produces). Shows what
 * the send-queue policy does with a lagging socket: completeness, how many catch-ups the gateway
 * ran, the time until every socket had every event, and the latency of the sockets that never
 * paused (the catch-up must not slow them down).
 */
final class BurstScenario {
    static final String HELP = """
            burst --sockets N --events E --api-key K --admin-key A [--paused-percent F] [--pause-seconds S]
                  [--payload-bytes P] [--publishers K] [--drain-seconds D] [--gateway URL] [fleet options] [--json]
              --sockets N        sockets on one company/agent (at most %d)
              --events E         chats events published in one burst, as fast as the publishers go
              --paused-percent F percent of the sockets that stop reading during the burst (default 10; 0 = none)
              --pause-seconds S  how long they stop reading (default 5)
              --payload-bytes P  size of each event's JSON, padded (default 1024)
              --publishers K     concurrent HTTP publishers (default 8)
              --drain-seconds D  how long to wait for every socket to be complete (default 120)
            """.formatted(ConnectionsScenario.MAX_SOCKETS);

    private BurstScenario() {
    }

    static Report run(Options o, String runId) throws Exception {
        Gateway gateway = Gateway.from(o);
        String adminKey = o.required("admin-key");
        int sockets = ConnectionsScenario.socketCount(o, "sockets");
        int events = o.requiredInteger("events", 1, StreamScenario.MAX_EVENTS);
        int pausedPercent = o.integer("paused-percent", 10, 0, 100);
        int pauseSeconds = o.integer("pause-seconds", 5, 0, 600);
        int payloadBytes = o.integer("payload-bytes", 1024, 0, 60_000);
        int publishers = o.integer("publishers", 8, 1, 256);
        int drainSeconds = o.integer("drain-seconds", 120, 1, 3_600);
        FleetSettings settings = FleetSettings.from(o);
        o.rejectUnknown();

        String company = "bench-" + runId;
        String agent = "burst";
        List<Target> targets = new ArrayList<>(sockets);
        for (int i = 0; i < sockets; i++) {
            targets.add(new Target(company, agent, "u" + i));
        }
        Http http = new Http();
        Report report = new Report("burst");
        try (SocketFleet fleet = new SocketFleet(gateway, settings, http)) {
            List<BenchSocket> ready = Scenarios.openOnePair(report, fleet, targets, company, agent);
            if (ready.isEmpty()) {
                return report;
            }
            int pausedCount = (int) Math.round(ready.size() * pausedPercent / 100.0);
            List<BenchSocket> paused = ready.subList(0, pausedCount);
            List<BenchSocket> steady = ready.subList(pausedCount, ready.size());
            Deliveries pausedDeliveries = new Deliveries();
            paused.forEach(s -> {
                s.recordInto(pausedDeliveries);
                s.reading(false);
            });
            MetricsSnapshot before = MetricsSnapshot.scrape(http, gateway);
            EventPublisher publisher = new EventPublisher(http, gateway, adminKey,
                    "websocket." + company + "." + agent + ".chats", "bench-" + runId + "-", payloadBytes);
            Progress.say("%d ready, %d of them paused for %d s; publishing %d events in one burst ...",
                    ready.size(), pausedCount, pauseSeconds, events);
            long start = System.nanoTime();
            EventPublisher.Published published = publisher.publish(events, PublishSchedule.steady(1_000_000), publishers);
            long resumeAt = start + pauseSeconds * 1_000_000_000L;
            Map<BenchSocket, Long> completeAt = new HashMap<>();
            long deadline = resumeAt + drainSeconds * 1_000_000_000L;
            boolean resumed = false;
            while (System.nanoTime() < deadline && completeAt.size() < ready.size()) {
                long now = System.nanoTime();
                if (!resumed && now >= resumeAt) {
                    paused.forEach(s -> s.reading(true));
                    resumed = true;
                }
                for (BenchSocket s : ready) {
                    if (!completeAt.containsKey(s) && (s.events.distinct() >= published.accepted() || s.dropReason() != null)) {
                        completeAt.put(s, now);
                    }
                }
                Thread.sleep(10);
            }
            if (!resumed) {
                paused.forEach(s -> s.reading(true));
            }
            MetricsSnapshot after = MetricsSnapshot.scrape(http, gateway);
            fleet.closeAll(10_000);
            report(report, fleet, published, steady, paused, pausedDeliveries, completeAt, start, events,
                    pauseSeconds, payloadBytes);
            reportServer(report, before, after);
        }
        return report;
    }

    private static void report(Report r, SocketFleet fleet, EventPublisher.Published published,
                               List<BenchSocket> steady, List<BenchSocket> paused, Deliveries pausedDeliveries,
                               Map<BenchSocket, Long> completeAt, long start, int events, int pauseSeconds,
                               int payloadBytes) {
        SequenceChecker.Totals totals = SequenceChecker.Totals.ZERO;
        for (BenchSocket s : steady) {
            totals = totals.plus(s.events.totals(published.accepted()));
        }
        SequenceChecker.Totals pausedTotals = SequenceChecker.Totals.ZERO;
        for (BenchSocket s : paused) {
            pausedTotals = pausedTotals.plus(s.events.totals(published.accepted()));
        }
        long lastComplete = completeAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
        int incomplete = steady.size() + paused.size() - completeAt.size();
        Percentiles steadyLatency = fleet.deliveries().latency();
        Percentiles pausedLatency = pausedDeliveries.latency();
        Map<String, Integer> dropped = fleet.dropped();
        r.add("events", "events in the burst", events)
                .add("events_accepted", "events accepted (202)", published.accepted())
                .add("payload_bytes", "event JSON size", payloadBytes, "about " + payloadBytes + " bytes")
                .add("publish_seconds", "burst published in", Report.round1(published.elapsedNanos() / 1e9),
                        String.format(Locale.ROOT, "%.1f s", published.elapsedNanos() / 1e9))
                .add("sockets_paused", "sockets paused", paused.size(), paused.size() + " for " + pauseSeconds + " s")
                .add("sockets_steady", "sockets never paused", steady.size())
                .add("missing", "missing (socket x event), steady + paused", totals.missing() + pausedTotals.missing())
                .add("duplicates", "duplicates", totals.duplicates() + pausedTotals.duplicates())
                .add("out_of_order", "seq not above the previous one (concurrent publishers: not a problem)",
                        totals.outOfOrder() + pausedTotals.outOfOrder())
                .add("sockets_complete", "sockets that got every event", completeAt.size() - dropped.size())
                .add("complete_seconds", "burst start to every socket complete", Report.round1((lastComplete - start) / 1e9),
                        String.format(Locale.ROOT, "%.1f s%s", (lastComplete - start) / 1e9,
                                incomplete > 0 ? " (" + incomplete + " never complete)" : ""))
                .add("latency_steady", "end-to-end latency of the sockets that never paused", steadyLatency.toMap(),
                        steadyLatency.human())
                .add("latency_paused", "end-to-end latency of the paused sockets", pausedLatency.toMap(),
                        pausedLatency.human())
                .add("dropped_sockets", "sockets dropped by the gateway", dropped, Scenarios.counts(dropped))
                .problemIf(totals.missing() + pausedTotals.missing(), "deliveries missing")
                .problemIf(incomplete, "sockets never complete")
                .problemIf(dropped.values().stream().mapToInt(Integer::intValue).sum(), "sockets dropped");
    }

    /** The gateway's side: catch-ups it ran, events it wrote from the history, frames it dropped. */
    private static void reportServer(Report r, MetricsSnapshot before, MetricsSnapshot after) {
        long catchUps = Math.round(after.increaseSince(before, "dws_catchup_started_total", ""));
        long fromHistory = Math.round(after.increaseSince(before, "dws_catchup_events_total", ""));
        long droppedFrames = Math.round(after.increaseSince(before, "dws_websocket_messages_dropped_total",
                "reason=\"buffer_full\""));
        long slow = Math.round(after.increaseSince(before, "dws_slow_consumer_closes_total", ""));
        r.add("server_catchups", "catch-ups started (gateway)", catchUps)
                .add("server_catchup_events", "events written from the history (gateway)", fromHistory)
                .add("server_frames_dropped", "frames dropped from send queues (gateway, drop_oldest)", droppedFrames)
                .add("server_slow_consumer_closes", "sockets closed with 4408 (gateway)", slow)
                .problemIf(slow, "slow-consumer closes");
    }
}
