package io.daisi.ws.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code connections}: opens N sockets (distinct users over up to 100 company/agent
 * pairs), reports the connect rate and failures, the gateway's resident memory per
 * socket, then holds them and closes them all.
 */
final class ConnectionsScenario {
    /** One process may hold 20,000 open files; leave room for everything else it opens. */
    static final int MAX_SOCKETS = 19_500;

    static final String HELP = """
            connections --count N --api-key K [--gateway URL] [--ramp-per-second R] [--hold-seconds S]
                        [--pairs P] [--settle-seconds S] [fleet options] [--json]
              --count N          sockets to open (at most %d: one process may hold 20,000 open files;
                                 for more, run several bench processes)
              --pairs P          company/agent pairs the sockets are spread over (default 100)
              --hold-seconds S   how long to keep them open once ready (default 10)
              --settle-seconds S pause before reading the gateway's memory (default 2)
            """.formatted(MAX_SOCKETS);

    private ConnectionsScenario() {
    }

    /** A number of sockets to open, refused above {@link #MAX_SOCKETS} with the reason. */
    static int socketCount(Options o, String name) {
        int count = o.requiredInteger(name, 1, Integer.MAX_VALUE);
        if (count > MAX_SOCKETS) {
            throw new UsageException("--" + name + " " + count + " is over " + MAX_SOCKETS + ": one process may"
                    + " hold at most 20,000 open files; run several bench processes (each under the limit) instead");
        }
        return count;
    }

    static Report run(Options o, String runId) throws Exception {
        Gateway gateway = Gateway.from(o);
        int count = socketCount(o, "count");
        int pairs = o.integer("pairs", 100, 1, 10_000);
        int holdSeconds = o.integer("hold-seconds", 10, 0, 3_600);
        int settleSeconds = o.integer("settle-seconds", 2, 0, 60);
        FleetSettings settings = FleetSettings.from(o);
        o.rejectUnknown();

        List<Target> targets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pair = i % pairs;
            targets.add(new Target("bench-" + runId + "-c" + pair, "a" + pair, "u" + i));
        }
        Http http = new Http();
        Report report = new Report("connections");
        try (SocketFleet fleet = new SocketFleet(gateway, settings, http)) {
            MetricsSnapshot before = MetricsSnapshot.scrape(http, gateway);
            Progress.say("opening %d sockets at up to %d/s ...", count, settings.rampPerSecond());
            SocketFleet.Opened opened = fleet.open(targets);
            Progress.say("%d ready; settling %d s before reading the gateway's memory", opened.ready(), settleSeconds);
            Thread.sleep(settleSeconds * 1000L);
            MetricsSnapshot after = MetricsSnapshot.scrape(http, gateway);
            Progress.say("holding for %d s ...", holdSeconds);
            Thread.sleep(holdSeconds * 1000L);
            var dropped = fleet.dropped();
            int closed = fleet.closeAll(10_000);

            Scenarios.reportOpened(report, opened);
            long rss = perSocket(report, "rss", "RSS", before, after, "process_resident_memory_bytes", "",
                    opened.ready());
            long heap = perSocket(report, "heap_used", "heap used", before, after, "jvm_memory_used_bytes",
                    "area=\"heap\"", opened.ready());
            report.add("rss_bytes_per_connection", "RSS per socket", rss, kib(rss, "RSS growth / ready sockets"))
                    .add("heap_used_bytes_per_connection", "heap used per socket", heap,
                            kib(heap, "heap-used growth / ready sockets; includes garbage not yet collected"))
                    .add("gateway_active_connections", "gateway active sockets (after open)",
                            (long) after.value("dws_active_connections", "endpoint=\"user\"").orElse(-1))
                    .add("hold_seconds", "held", holdSeconds, holdSeconds + " s")
                    .add("dropped_during_hold", "dropped while held", dropped, Scenarios.counts(dropped))
                    .add("closed_cleanly", "closed within 10 s", closed)
                    .problemIf(dropped.values().stream().mapToInt(Integer::intValue).sum(), "sockets dropped");
        }
        return report;
    }

    /** Reports a gateway memory figure before and after; returns its growth per ready socket. */
    private static long perSocket(Report r, String key, String label, MetricsSnapshot before, MetricsSnapshot after,
                                  String metric, String labels, int sockets) {
        double b = before.value(metric, labels).orElse(0);
        double a = after.value(metric, labels).orElse(0);
        r.add("gateway_" + key + "_before_bytes", "gateway " + label + " before", (long) b, mib(b))
                .add("gateway_" + key + "_after_bytes", "gateway " + label + " with sockets open", (long) a, mib(a));
        return sockets == 0 ? 0 : Math.round((a - b) / sockets);
    }

    private static String kib(long bytes, String how) {
        return String.format(Locale.ROOT, "%.1f KiB (%s)", bytes / 1024.0, how);
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
    }
}
