package io.daisi.ws.transport;

import java.util.Arrays;

/**
 * A set of stream sequences in a sorted primitive array: the sequences a socket took above its
 * safe position. They arrive mostly in increasing order and leave from the low end as the
 * position advances, so adding is usually an append and pruning a shift of the start; an
 * out-of-order sequence is placed by binary search.
 */
final class SeqSet {
    private static final long[] EMPTY = new long[0];
    private long[] seqs = EMPTY;
    private int start;
    private int end;

    boolean contains(long seq) {
        if (end == start || seq > seqs[end - 1] || seq < seqs[start]) {
            return false; // the common case, in-order arrivals, costs no search
        }
        return Arrays.binarySearch(seqs, start, end, seq) >= 0;
    }

    void add(long seq) {
        if (end == start || seq > seqs[end - 1]) {
            ensureRoom(); // the common case, in-order arrivals: an append
            seqs[end++] = seq;
            return;
        }
        int at = Arrays.binarySearch(seqs, start, end, seq);
        if (at >= 0) {
            return;
        }
        // Out of order: in shared mode a socket's events come from every pod that takes them, so the
        // ones forwarded by another pod arrive behind those this pod took, by as many as it took
        // meanwhile (thousands in a saturated burst). A search finds the place; walking back to it
        // was a fifth of a saturated pod's CPU.
        int offset = -(at + 1) - start;
        ensureRoom();
        int insertion = start + offset;
        System.arraycopy(seqs, insertion, seqs, insertion + 1, end - insertion);
        seqs[insertion] = seq;
        end++;
    }

    /** Forgets every sequence up to {@code seq}. */
    void removeUpTo(long seq) {
        while (start < end && seqs[start] <= seq) {
            start++;
        }
        if (start == end) {
            start = 0;
            end = 0;
            if (seqs.length > 64) {
                seqs = EMPTY; // a burst is over: give the memory back
            }
        }
    }

    /** How many sequences above {@code seq} the set holds. */
    int countAbove(long seq) {
        int at = Arrays.binarySearch(seqs, start, end, seq);
        int firstAbove = at >= 0 ? at + 1 : -(at + 1);
        return end - firstAbove;
    }

    int size() {
        return end - start;
    }

    private void ensureRoom() {
        if (end < seqs.length) {
            return;
        }
        int size = end - start;
        long[] next = size * 2 >= seqs.length ? new long[Math.max(8, seqs.length * 2)] : seqs;
        System.arraycopy(seqs, start, next, 0, size);
        seqs = next;
        start = 0;
        end = size;
    }
}
