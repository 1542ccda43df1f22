package io.daisi.ws.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Report lines the scenarios share. */
final class Scenarios {
    private Scenarios() {
    }

    /** How opening the sockets went: requested, ready, failures, rate, handshake times. */
    static void reportOpened(Report r, SocketFleet.Opened o) {
        r.add("sockets_requested", "sockets requested", o.requested())
                .add("sockets_ready", "sockets ready", o.ready())
                .add("sockets_failed", "sockets failed", o.requested() - o.ready())
                .add("failures", "failure reasons", o.failures(), counts(o.failures()))
                .add("connect_seconds", "time to open all", Report.round1(o.elapsedNanos() / 1e9),
                        String.format(Locale.ROOT, "%.1f s", o.elapsedNanos() / 1e9))
                .add("connects_per_second", "connect rate (ready/s)", Report.round1(o.perSecond()))
                .add("handshake", "TCP connect to ready frame", o.handshake().toMap(), o.handshake().human())
                .problemIf(o.requested() - o.ready(), "sockets failed");
    }

    /** Frames the gateway dropped from its send queues between two scrapes, by reason. */
    static Map<String, Integer> framesDropped(MetricsSnapshot before, MetricsSnapshot after) {
        Map<String, Integer> drops = new java.util.TreeMap<>();
        for (String reason : java.util.List.of("buffer_full", "slow_consumer")) {
            long n = Math.round(after.increaseSince(before, "dws_websocket_messages_dropped_total",
                    "reason=\"" + reason + "\""));
            if (n > 0) {
                drops.put(reason, (int) n);
            }
        }
        return drops;
    }

    /**
     * Frames every instance dropped by its configured policy ({@code drop_oldest}: a full send
     * queue gives up its oldest event) between two scrapes of each. A delivery missing from a
     * socket is explained when its pod says it dropped the frame; a saturation run with
     * {@code drop_oldest} misses exactly as many deliveries as the pods drop.
     */
    static long droppedByPolicy(List<MetricsSnapshot> before, List<MetricsSnapshot> after) {
        long dropped = 0;
        for (int g = 0; g < before.size(); g++) {
            dropped += framesDropped(before.get(g), after.get(g)).getOrDefault("buffer_full", 0);
        }
        return dropped;
    }

    /** Of {@code missing} deliveries, those no pod reported dropping: always a problem. */
    static long unexplainedMissing(long missing, long droppedByPolicy) {
        return Math.max(0, missing - droppedByPolicy);
    }

    /** Opens the sockets, reports how that went, and returns those that became ready (empty: stop). */
    static List<BenchSocket> openOnePair(Report r, SocketFleet fleet, List<Target> targets, String company,
                                         String agent) throws InterruptedException {
        Progress.say("opening %d sockets on %s/%s ...", targets.size(), company, agent);
        reportOpened(r, fleet.open(targets));
        return fleet.ready();
    }

    /** Distinct events received so far, summed over the sockets. */
    static long delivered(List<BenchSocket> sockets) {
        long n = 0;
        for (BenchSocket s : sockets) {
            n += s.events.distinct();
        }
        return n;
    }

    /** {@code "none"}, or {@code "reason: n; other: m"}. */
    static String counts(Map<String, Integer> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }
}
