package io.daisi.ws.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code idle}: as many authenticated idle sockets as asked on one instance, and what each costs
 * the gateway once garbage is gone: with {@code --pid}, a full GC is forced ({@code jcmd <pid>
 * GC.run}) before each memory reading, and RSS is read from {@code /proc/<pid>/status}. Heap and
 * direct memory come from the gateway's {@code /metrics}: the heap pools as that GC left them
 * ({@link #heapAfterGc}), and {@code jvm_buffer_pool_used_bytes{pool="direct"}}, which includes
 * Netty's direct buffers when Netty allocates them with cleaners; the RSS growth covers the rest.
 */
final class IdleScenario {
    static final String HELP = """
            idle --count N --api-key K [--pid GATEWAY_PID] [--pairs P] [--hold-seconds H] [fleet options] [--json]
              --count N      idle sockets to open and hold (at most %d per process)
              --pid P        the gateway's process id: forces a GC (jcmd) before reading memory, reads its RSS
              --gateway-index I   with --gateway A,B,...: the instance to load (default 0)
              --user-prefix X     user ids (several harness processes on one instance need distinct ones)
            """.formatted(ConnectionsScenario.MAX_SOCKETS);

    private IdleScenario() {
    }

    static Report run(Options o, String runId) throws Exception {
        List<Gateway> gateways = Gateway.all(o);
        int index = o.integer("gateway-index", 0, 0, gateways.size() - 1);
        Gateway gateway = gateways.get(index);
        int count = ConnectionsScenario.socketCount(o, "count");
        int pairs = o.integer("pairs", 100, 1, 10_000);
        long pid = o.number("pid", 0, 0, Long.MAX_VALUE);
        int holdSeconds = o.integer("hold-seconds", 5, 0, 3_600);
        String userPrefix = o.string("user-prefix", "u");
        FleetSettings settings = FleetSettings.from(o);
        Http http = new Http();
        TokenSource tokens = TokenSource.from(o, http, gateway, settings);
        o.rejectUnknown();

        List<Target> targets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pair = i % pairs;
            targets.add(new Target("idle-" + runId + "-c" + pair, "a" + pair, userPrefix + i));
        }
        Report report = new Report("idle");
        try (SocketFleet fleet = new SocketFleet(List.of(gateway), settings, tokens)) {
            Memory before = Memory.read(http, gateway, pid);
            Progress.say("opening %d idle sockets at up to %d/s ...", count, settings.rampPerSecond());
            SocketFleet.Opened opened = fleet.open(targets);
            Thread.sleep(2000);
            Memory after = Memory.read(http, gateway, pid);
            Progress.say("%d ready; holding %d s ...", opened.ready(), holdSeconds);
            Thread.sleep(holdSeconds * 1000L);
            var dropped = fleet.dropped();
            fleet.closeAll(10_000);
            Scenarios.reportOpened(report, opened);
            int n = Math.max(1, opened.ready());
            report.add("gc_forced", "full GC forced before readings (jcmd)", pid > 0)
                    .add("heap_after_gc_bytes_per_socket", "heap per socket", (after.heap - before.heap) / n,
                            kib((after.heap - before.heap) / n))
                    .add("direct_bytes_per_socket", "direct buffers per socket", (after.direct - before.direct) / n,
                            kib((after.direct - before.direct) / n))
                    .add("heap_plus_direct_bytes_per_socket", "heap + direct per socket",
                            (after.heap + after.direct - before.heap - before.direct) / n,
                            kib((after.heap + after.direct - before.heap - before.direct) / n))
                    .add("rss_bytes_per_socket", "RSS per socket", pid > 0 ? (after.rss - before.rss) / n : -1,
                            pid > 0 ? kib((after.rss - before.rss) / n) : "unknown (no --pid)")
                    .add("dropped_during_hold", "dropped while held", dropped, Scenarios.counts(dropped))
                    .problemIf(dropped.values().stream().mapToInt(Integer::intValue).sum(), "sockets dropped");
        }
        return report;
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.2f KiB", bytes / 1024.0);
    }

    /**
     * The heap as the last GC left it: a JVM's heap pools after their last collection (the forced
     * one, when the pid is known), else the heap in use (a JVM without that metric), else Node's.
     * Not the JVM's heap in use: that also counts what the gateway allocated since the GC, which
     * added up to 1.7 KB a socket to some readings of 10,000 idle sockets (BENCHMARKS "Session 13").
     */
    static long heapAfterGc(MetricsSnapshot m) {
        return (long) m.sum("jvm_memory_pool_collection_used_bytes")
                .orElse(m.value("jvm_memory_used_bytes", "area=\"heap\"")
                        .orElse(m.value("nodejs_heap_size_used_bytes", "").orElse(0)));
    }

    /** The gateway's memory at one moment, after a forced GC when its pid is known. */
    private record Memory(long heap, long direct, long rss) {
        static Memory read(Http http, Gateway gateway, long pid) throws Exception {
            boolean node = pid > 0 && isNode(pid);
            if (pid > 0 && !node) {
                forceGc(pid);
            }
            // the socket.io peer runs its GC itself when asked (node --expose-gc)
            MetricsSnapshot m = MetricsSnapshot.parse(http.get(gateway.http(node ? "/metrics?gc=1" : "/metrics")));
            long heap = heapAfterGc(m);
            long direct = (long) m.value("jvm_buffer_pool_used_bytes", "pool=\"direct\"").orElse(0);
            return new Memory(heap, direct, pid > 0 ? rss(pid) : 0);
        }

        /** The jcmd of the JDK running the harness (scripts pick a 21+ one), else whatever is on the PATH. */
        private static String jcmd() {
            return ProcessHandle.current().info().command()
                    .map(java -> Path.of(java).resolveSibling("jcmd"))
                    .filter(Files::isExecutable)
                    .map(Path::toString)
                    .orElse("jcmd");
        }

        private static boolean isNode(long pid) throws IOException {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("node");
        }

        private static void forceGc(long pid) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " GC.run failed: is the pid a JVM of this user,"
                        + " and is jcmd (from a JDK 21+) on the PATH?");
            }
            Thread.sleep(500);
        }

        private static long rss(long pid) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        }
    }
}
