package io.daisi.ws.transport;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A socket's bounded queue of frames not yet handed to the channel. Confined to the socket's
 * event loop, so it needs no locking. Only events count against the capacity and only events
 * are ever dropped: {@code ready}, {@code error} and {@code position} frames always get in.
 * Under {@link BackpressurePolicy#BLOCK} it holds events beyond capacity (the producer
 * "waits") up to a hard limit of twice the capacity, so a stuck socket cannot grow without bound.
 *
 * <p>The frames are kept in a ring of its own, not an {@code ArrayDeque}: every open socket holds
 * its queue, and the deque would be one more object (24 bytes) per socket.
 */
final class SendQueue {
    enum Offer { ACCEPTED, REFUSED, DROPPED_OLDEST, OVER_CAPACITY, HARD_LIMIT }

    private static final int INITIAL_CAPACITY = 3;

    private final int capacity;
    private final BackpressurePolicy policy;
    /** The frames, oldest at {@code head}, {@code size} of them, wrapping around the end. */
    private Outbound[] ring;
    private int head;
    private int size;
    private int events;

    SendQueue(int capacity, BackpressurePolicy policy) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.policy = policy;
        // small at first: most sockets hold a frame or two at a time, and an idle socket holds
        // its queue for as long as it is open; the ring grows when a burst needs it
        this.ring = new Outbound[Math.min(capacity, INITIAL_CAPACITY)];
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
        if (size == 0) {
            return Optional.empty();
        }
        Outbound next = ring[head];
        ring[head] = null;
        head = index(1);
        size--;
        if (next.isEvent()) {
            events--;
        }
        return Optional.of(next);
    }

    /** The lowest stream sequence among the queued events; empty when none has one. */
    OptionalLong lowestSeq() {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            Outbound frame = at(i);
            if (frame.seq() > 0 && frame.seq() < lowest) {
                lowest = frame.seq();
            }
        }
        return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Frames queued, events and others. */
    int size() {
        return size;
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
        Arrays.fill(ring, null);
        head = 0;
        size = 0;
        events = 0;
    }

    private void add(Outbound frame) {
        if (size == ring.length) {
            grow();
        }
        ring[index(size)] = frame;
        size++;
        if (frame.isEvent()) {
            events++;
        }
    }

    /** Where in the ring the {@code i}-th oldest frame is. */
    private int index(int i) {
        return (head + i) % ring.length;
    }

    /** The {@code i}-th oldest frame. */
    private Outbound at(int i) {
        return ring[index(i)];
    }

    /** Twice the room, the frames moved to the start in order. */
    private void grow() {
        Outbound[] larger = new Outbound[Math.max(4, ring.length * 2)];
        for (int i = 0; i < size; i++) {
            larger[i] = at(i);
        }
        ring = larger;
        head = 0;
    }

    /**
     * Removes the oldest event. The frames ahead of it (controls, rarely any) move back one place
     * and the head advances: under {@code drop_oldest} a full queue drops one event per event
     * offered, and the oldest event is nearly always at the head, so this costs no copying. (Moving
     * the frames behind it up instead copied the whole queue per drop and cut a saturated pod's
     * deliveries by three quarters.)
     */
    private void dropOldestEvent() {
        for (int i = 0; i < size; i++) {
            if (at(i).isEvent()) {
                for (int j = i; j > 0; j--) {
                    ring[index(j)] = at(j - 1);
                }
                ring[head] = null;
                head = index(1);
                size--;
                events--;
                return;
            }
        }
    }
}
