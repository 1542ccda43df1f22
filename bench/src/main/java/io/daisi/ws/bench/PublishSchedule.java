package io.daisi.ws.bench;

/**
 * When each event of a run is due: the first {@code warmup} at {@code warmupRate} a second, the
 * rest at {@code rate} from where the warm-up ended. A saturation run can so warm the servers at a
 * load they sustain, then measure above it; with both rates equal it is one rate throughout.
 */
record PublishSchedule(int warmup, int warmupRate, int rate) {

    PublishSchedule {
        if (warmup < 0 || warmupRate < 1 || rate < 1) {
            throw new IllegalArgumentException("warmup " + warmup + ", warmupRate " + warmupRate + ", rate " + rate);
        }
    }

    /** One rate throughout, no warm-up of its own. */
    static PublishSchedule steady(int rate) {
        return new PublishSchedule(0, rate, rate);
    }

    /** Nanoseconds from the first event to when the {@code i}-th is due. */
    long offsetNanos(int i) {
        if (i < warmup) {
            return (long) (i * 1e9 / warmupRate);
        }
        return (long) (warmup * 1e9 / warmupRate) + (long) ((i - warmup) * 1e9 / rate);
    }
}
