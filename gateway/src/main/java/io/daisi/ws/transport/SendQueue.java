package io.daisi.ws.transport;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A socket's bounded queue of frames not yet handed to the channel. Confined to the socket's
 * event loop, so it needs no locking. Only events count against the capacity and only events
 * are ever dropped: {@code ready}, {@code error} and {@code position} frames always get in.
 * Under {@link BackpressurePolicy#BLOCK} it holds events beyond capacity (the producer
 * "waits") up to a hard limit of twice the capacity, so a stuck socket cannot grow without bound.
 */
final class SendQueue {
    enum Offer { ACCEPTED, REFUSED, DROPPED_OLDEST, OVER_CAPACITY, HARD_LIMIT }

    private static final int INITIAL_CAPACITY = 3;

    private final ArrayDeque<Outbound> frames;
    private final int capacity;
    private final BackpressurePolicy policy;
    private int events;

    SendQueue(int capacity, BackpressurePolicy policy) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.policy = policy;
        // small at first: most sockets hold a frame or two at a time, and an idle socket holds
        // its queue for as long as it is open; the deque grows when a burst needs it
        this.frames = new ArrayDeque<>(Math.min(capacity, INITIAL_CAPACITY));
    }

    /** An event, under the queue's policy. */
    Offer offer(Outbound event) {
        return offer(event, policy);
    }

    /** An event under {@code policyWhenFull} instead of the queue's own (events without a seq cannot be caught up). */
    Offer offer(Outbound event, BackpressurePolicy policyWhenFull) {
        if (events < capacity) {
            add(event);
            return Offer.ACCEPTED;
        }
        return switch (policyWhenFull) {
            case CATCH_UP -> Offer.REFUSED;
            case DROP_OLDEST -> {
                dropOldestEvent();
                add(event);
                yield Offer.DROPPED_OLDEST;
            }
            case BLOCK -> {
                if (events >= 2 * capacity) {
                    yield Offer.HARD_LIMIT;
                }
                add(event);
                yield Offer.OVER_CAPACITY;
            }
        };
    }

    /** A frame that is never dropped nor refused: ready, error, position, a selected chat's last message. */
    void force(Outbound frame) {
        add(frame);
    }

    Optional<Outbound> poll() {
        Outbound next = frames.pollFirst();
        if (next != null && next.isEvent()) {
            events--;
        }
        return Optional.ofNullable(next);
    }

    /** The lowest stream sequence among the queued events; empty when none has one. */
    OptionalLong lowestSeq() {
        long lowest = Long.MAX_VALUE;
        for (Outbound frame : frames) {
            if (frame.seq() > 0 && frame.seq() < lowest) {
                lowest = frame.seq();
            }
        }
        return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Frames queued, events and others. */
    int size() {
        return frames.size();
    }

    /** Events queued: what the capacity bounds. */
    int events() {
        return events;
    }

    int capacity() {
        return capacity;
    }

    BackpressurePolicy policy() {
        return policy;
    }

    boolean overCapacity() {
        return events > capacity;
    }

    void clear() {
        frames.clear();
        events = 0;
    }

    private void add(Outbound frame) {
        frames.addLast(frame);
        if (frame.isEvent()) {
            events++;
        }
    }

    private void dropOldestEvent() {
        Iterator<Outbound> it = frames.iterator();
        while (it.hasNext()) {
            if (it.next().isEvent()) {
                it.remove();
                events--;
                return;
            }
        }
    }
}
