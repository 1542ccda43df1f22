package io.daisi.ws.bench;

import java.util.BitSet;

/**
 * One socket's view of the events it received: each event is known by the
 * bench's index {@code i} (to find duplicates and missing ones) and by the
 * gateway's {@code seq}, which must rise strictly on a socket.
 */
final class SequenceChecker {
    private final BitSet seen = new BitSet();
    private long lastSeq;
    private long received;
    private long duplicates;
    private long outOfOrder;
    private long foreign;

    /** An event frame; {@code index} &lt; 0 means it was not one of the bench's events. */
    synchronized void accept(long seq, int index) {
        received++;
        if (index < 0) {
            foreign++;
        } else if (seen.get(index)) {
            duplicates++;
        } else {
            seen.set(index);
            if (seq <= lastSeq) {
                outOfOrder++;
            }
        }
        lastSeq = Math.max(lastSeq, seq);
    }

    synchronized int distinct() {
        return seen.cardinality();
    }

    /** This socket's counts, for {@code expected} events published. */
    synchronized Totals totals(int expected) {
        int distinct = seen.cardinality();
        return new Totals(1, received, distinct, Math.max(0, expected - distinct), duplicates, outOfOrder, foreign,
                distinct >= expected ? 1 : 0);
    }

    /**
     * Counts summed over sockets. {@code outOfOrder}: new events whose seq was not above
     * the highest seen before on that socket; {@code foreign}: events without the
     * bench's index; {@code complete}: sockets that received every event.
     */
    record Totals(long sockets, long received, long distinct, long missing, long duplicates, long outOfOrder,
                  long foreign, long complete) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

        Totals plus(Totals o) {
            return new Totals(sockets + o.sockets, received + o.received, distinct + o.distinct,
                    missing + o.missing, duplicates + o.duplicates, outOfOrder + o.outOfOrder,
                    foreign + o.foreign, complete + o.complete);
        }
    }
}
