package io.daisi.ws.bench;

import java.time.Instant;

/**
 * Wall-clock time in epoch microseconds. Events carry it from the publisher to the
 * receiving sockets; unlike {@link System#nanoTime()} it means the same in every
 * process on the machine.
 */
final class Micros {
    private Micros() {
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
