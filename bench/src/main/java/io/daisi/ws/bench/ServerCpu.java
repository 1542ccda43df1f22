package io.daisi.ws.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time (user + system) of the server processes named by {@code --server-pids} (gateways,
 * NATS, Redis; or the peer's Node processes and Redis), from {@code /proc/<pid>/stat}, so runs
 * can be compared by CPU per delivery rather than only by throughput on a shared machine.
 */
final class ServerCpu {
    /** Linux's USER_HZ: /proc reports CPU times in these ticks (100 on every mainstream kernel). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> pids;

    private ServerCpu(List<Long> pids) {
        this.pids = pids;
    }

    static ServerCpu from(Options o) {
        String list = o.string("server-pids", "");
        if (list.isBlank()) {
            return new ServerCpu(List.of());
        }
        try {
            return new ServerCpu(java.util.Arrays.stream(list.split(",")).map(String::trim).map(Long::parseLong)
                    .toList());
        } catch (NumberFormatException e) {
            throw new UsageException("--server-pids takes process ids separated by commas, not " + list);
        }
    }

    boolean enabled() {
        return !pids.isEmpty();
    }

    /** Seconds of CPU the processes used so far; a process gone counts as 0. */
    double seconds() {
        double total = 0;
        for (long pid : pids) {
            try {
                total += parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                        / TICKS_PER_SECOND;
            } catch (IOException e) {
                // the process is gone
            }
        }
        return total;
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line; the command may hold spaces. */
    static long parseTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Adds the CPU used between {@code before} and now, in total and per million deliveries. */
    void report(Report r, double before, long deliveries) {
        if (!enabled()) {
            return;
        }
        double used = seconds() - before;
        r.add("server_cpu_seconds", "server CPU (" + pids.size() + " processes)", Report.round1(used * 1000) / 1000,
                String.format(java.util.Locale.ROOT, "%.2f s", used))
                .add("server_cpu_seconds_per_million_deliveries", "server CPU per 1M deliveries",
                        deliveries == 0 ? 0 : Report.round1(used * 1e6 / deliveries),
                        deliveries == 0 ? "no deliveries" : String.format(java.util.Locale.ROOT, "%.1f s (%.2f µs per delivery)",
                                used * 1e6 / deliveries, used * 1e6 / deliveries));
    }
}
