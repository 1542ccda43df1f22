package io.daisi.ws.bench;

import java.util.function.LongSupplier;

/**
 * The servers' CPU per delivery, and the delivery rate, over a window that opens once a warm-up
 * has passed, so that JIT compilation and first-use costs (which a JVM pays for minutes on paths
 * that run a few dozen times a second) stay out of a steady-state figure. The window opens
 * {@code warmupSeconds} after {@link #start}: the CPU used and the deliveries counted are both
 * read from then on.
 */
final class CpuWindow {
    private final ServerCpu cpu;
    private final LongSupplier delivered;
    private volatile double cpuAtOpen;
    private volatile long deliveredAtOpen;
    private volatile long openedAtUs;
    private volatile boolean opened;

    private CpuWindow(ServerCpu cpu, LongSupplier delivered) {
        this.cpu = cpu;
        this.delivered = delivered;
        this.cpuAtOpen = cpu.seconds();
        this.openedAtUs = Micros.now();
    }

    /** Call as publishing starts; with {@code warmupSeconds} 0 the window is open at once. */
    static CpuWindow start(ServerCpu cpu, LongSupplier delivered, int warmupSeconds) {
        return start(cpu, delivered, warmupSeconds, () -> { });
    }

    /**
     * As {@link #start(ServerCpu, LongSupplier, int)}; {@code atOpen} runs on the window's thread
     * right after it opened (never without a warm-up), to read what else counts from the same moment.
     */
    static CpuWindow start(ServerCpu cpu, LongSupplier delivered, int warmupSeconds, Runnable atOpen) {
        CpuWindow window = new CpuWindow(cpu, delivered);
        if (warmupSeconds > 0) {
            Thread opener = new Thread(() -> {
                try {
                    Thread.sleep(warmupSeconds * 1000L);
                    window.open();
                    atOpen.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cpu-window");
            opener.setDaemon(true);
            opener.start();
        }
        return window;
    }

    /** Opens the window now (the warm-up is over). */
    void open() {
        deliveredAtOpen = delivered.getAsLong();
        cpuAtOpen = cpu.seconds();
        openedAtUs = Micros.now();
        opened = true;
    }

    /** Whether a warm-up has passed and the window opened after it. */
    boolean opened() {
        return opened;
    }

    /**
     * Deliveries per second from the window's opening to {@code lastDeliveryUs} (epoch µs): under
     * saturation, the steady rate without the cold start; 0 if the span is not positive.
     */
    double deliveriesPerSecond(long lastDeliveryUs) {
        long spanUs = lastDeliveryUs - openedAtUs;
        long count = delivered.getAsLong() - deliveredAtOpen;
        return spanUs <= 0 || count <= 0 ? 0 : count / (spanUs / 1e6);
    }

    /**
     * Adds {@code deliveries_per_second_measured} ({@link #deliveriesPerSecond}) once a warm-up has
     * opened the window: a run's overall rate also averages over the cold start the warm-up is
     * there to absorb.
     */
    void reportRate(Report r, long lastDeliveryUs) {
        if (opened) {
            r.add("deliveries_per_second_measured", "deliveries/s after the warm-up (its end to the last delivery)",
                    Report.round1(deliveriesPerSecond(lastDeliveryUs)));
        }
    }

    /** Adds the CPU used and the deliveries counted since the window opened. */
    void report(Report r) {
        cpu.report(r, cpuAtOpen, delivered.getAsLong() - deliveredAtOpen);
    }
}
