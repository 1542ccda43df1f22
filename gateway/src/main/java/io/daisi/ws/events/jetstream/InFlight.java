package io.daisi.ws.events.jetstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Counts messages handed to the dispatcher and not yet settled, so close() can wait for them. */
final class InFlight {
    private int count;

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        if (--count <= 0) {
            count = 0;
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    /** Waits until nothing is in flight; false if {@code max} passed first. */
    synchronized boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (count > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
