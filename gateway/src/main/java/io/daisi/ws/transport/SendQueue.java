package io.daisi.ws.transport;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * A socket's bounded queue of frames not yet handed to the channel. Confined to
 * the socket's event loop, so it needs no locking. Under {@link BackpressurePolicy#BLOCK}
 * it holds messages beyond capacity (the producer "waits") up to a hard limit of
 * twice the capacity, so a stuck socket cannot grow without bound.
 */
final class SendQueue {
    enum Offer { ACCEPTED, DROPPED_OLDEST, OVER_CAPACITY, HARD_LIMIT }

    private final ArrayDeque<Outbound> frames;
    private final int capacity;
    private final BackpressurePolicy policy;

    SendQueue(int capacity, BackpressurePolicy policy) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.policy = policy;
        this.frames = new ArrayDeque<>(Math.min(capacity, 16));
    }

    Offer offer(Outbound frame) {
        if (frames.size() < capacity) {
            frames.addLast(frame);
            return Offer.ACCEPTED;
        }
        return switch (policy) {
            case DROP_OLDEST -> {
                frames.pollFirst();
                frames.addLast(frame);
                yield Offer.DROPPED_OLDEST;
            }
            case BLOCK -> {
                if (frames.size() >= 2 * capacity) {
                    yield Offer.HARD_LIMIT;
                }
                frames.addLast(frame);
                yield Offer.OVER_CAPACITY;
            }
        };
    }

    Optional<Outbound> poll() {
        return Optional.ofNullable(frames.pollFirst());
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    int size() {
        return frames.size();
    }

    int capacity() {
        return capacity;
    }

    boolean overCapacity() {
        return frames.size() > capacity;
    }

    void clear() {
        frames.clear();
    }
}
