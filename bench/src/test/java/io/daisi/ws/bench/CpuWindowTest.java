package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuWindowTest {
    private static final ServerCpu THIS_PROCESS = ServerCpu.from(Options.parse(new String[] {
            "--server-pids", Long.toString(ProcessHandle.current().pid())}));

    @Test
    void withoutWarmUpEveryDeliveryCounts() {
        AtomicLong delivered = new AtomicLong();
        CpuWindow window = CpuWindow.start(THIS_PROCESS, delivered::get, 0);
        delivered.set(100_000);
        burn();
        Report r = new Report("fanout");
        window.report(r);
        // 100,000 deliveries: the figure per million is ten times the CPU used
        assertThat(perMillion(r)).isCloseTo(10 * seconds(r), org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void deliveriesOfTheWarmUpAreLeftOut() {
        AtomicLong delivered = new AtomicLong();
        CpuWindow window = CpuWindow.start(THIS_PROCESS, delivered::get, 600); // opened by hand below
        delivered.set(5_000_000); // the warm-up's deliveries
        window.open();
        delivered.addAndGet(100_000);
        burn();
        Report r = new Report("fanout");
        window.report(r);
        // 100,000 counted, not 5,100,000: the figure per million is ten times the CPU used in the window
        assertThat(perMillion(r)).isCloseTo(10 * seconds(r), org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void theRateAfterTheWarmUpCountsOnlyDeliveriesFromTheOpening() {
        AtomicLong delivered = new AtomicLong();
        CpuWindow window = CpuWindow.start(THIS_PROCESS, delivered::get, 600); // opened by hand below
        assertThat(window.opened()).isFalse();
        delivered.set(5_000_000); // the warm-up's deliveries
        window.open();
        long openedAt = Micros.now();
        delivered.addAndGet(100_000);
        assertThat(window.opened()).isTrue();
        // 100,000 in half a second (and the few µs between open() and openedAt): 200,000/s, not 10.2M/s
        assertThat(window.deliveriesPerSecond(openedAt + 500_000))
                .isCloseTo(200_000, org.assertj.core.data.Offset.offset(2_000.0));
        assertThat(window.deliveriesPerSecond(openedAt - 1_000_000)).isZero();
    }

    @Test
    void theRateAfterTheWarmUpIsReportedOnlyOnceTheWindowOpened() {
        AtomicLong delivered = new AtomicLong();
        CpuWindow window = CpuWindow.start(THIS_PROCESS, delivered::get, 600); // opened by hand below
        Report before = new Report("fanout");
        window.reportRate(before, Micros.now() + 1_000_000);
        assertThat(before.jsonLine()).doesNotContain("deliveries_per_second_measured");

        window.open();
        long openedAt = Micros.now();
        delivered.set(100_000);
        Report after = new Report("fanout");
        window.reportRate(after, openedAt + 500_000);
        assertThat(number(after.jsonLine(), "\"deliveries_per_second_measured\":"))
                .isCloseTo(200_000, org.assertj.core.data.Offset.offset(2_000.0));
    }

    @Test
    void whatCountsFromTheSameMomentIsReadRightAfterTheWindowOpens() throws Exception {
        CompletableFuture<Boolean> openWhenRead = new CompletableFuture<>();
        CpuWindow[] window = new CpuWindow[1];
        window[0] = CpuWindow.start(THIS_PROCESS, () -> 0, 1, () -> openWhenRead.complete(window[0].opened()));
        assertThat(openWhenRead.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withoutWarmUpTheWindowNeverOpens() {
        CpuWindow window = CpuWindow.start(THIS_PROCESS, () -> 0, 0);
        assertThat(window.opened()).isFalse();
    }

    private static double seconds(Report r) {
        return number(r.jsonLine(), "\"server_cpu_seconds\":");
    }

    private static double perMillion(Report r) {
        return number(r.jsonLine(), "\"server_cpu_seconds_per_million_deliveries\":");
    }

    private static double number(String json, String key) {
        int start = json.indexOf(key) + key.length();
        int end = start;
        while (end < json.length() && "0123456789.-E".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(json.substring(start, end));
    }

    /** Uses at least 0.2 s of CPU as /proc counts it (10 ms ticks), so the figures are far from rounding. */
    private static void burn() {
        double start = THIS_PROCESS.seconds();
        double x = 0;
        while (THIS_PROCESS.seconds() - start < 0.2) {
            for (int i = 0; i < 1_000_000; i++) {
                x += Math.sqrt(i);
            }
        }
        assertThat(x).isPositive();
    }
}
