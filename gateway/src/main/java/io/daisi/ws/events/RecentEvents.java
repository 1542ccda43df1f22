package io.daisi.ws.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Standalone mode's history (SPEC §6): the last {@code capacity} events of the in-process bus,
 * in sequence order, in a ring. Reads scan it under the same lock the bus appends under, so a
 * page is the history as it was at one instant.
 */
public final class RecentEvents implements EventHistory {
    private final Event[] ring;
    private long lastSeq;
    private int size;

    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history capacity must be at least 1");
        }
        this.ring = new Event[capacity];
    }

    /** Appends the next event; sequences must increase by one (the bus numbers them). */
    public synchronized void add(Event event) {
        if (size > 0 && event.seq() != lastSeq + 1) {
            throw new IllegalArgumentException("event " + event.seq() + " does not follow " + lastSeq);
        }
        ring[index(event.seq())] = event;
        lastSeq = event.seq();
        size = Math.min(size + 1, ring.length);
    }

    @Override
    public CompletionStage<Page> after(List<EventFilter> filters, long afterSeq, int limit) {
        return CompletableFuture.completedFuture(read(filters, afterSeq, limit));
    }

    private synchronized Page read(List<EventFilter> filters, long afterSeq, int limit) {
        long first = lastSeq - size + 1;
        if (afterSeq + 1 < first) {
            return new Gone(lastSeq);
        }
        List<Event> page = new ArrayList<>(Math.min(limit, 64));
        long covered = lastSeq;
        long remaining = 0;
        for (long seq = Math.max(afterSeq + 1, first); seq <= lastSeq; seq++) {
            Event event = ring[index(seq)];
            if (!matches(filters, event.subject())) {
                continue;
            }
            remaining++;
            if (page.size() < limit) {
                page.add(event);
            } else if (page.size() == limit && covered == lastSeq) {
                covered = page.get(page.size() - 1).seq();
            }
        }
        return new Events(page, Math.max(covered, afterSeq), remaining, lastSeq);
    }

    private static boolean matches(List<EventFilter> filters, EventSubject subject) {
        for (EventFilter filter : filters) {
            if (filter.matches(subject)) {
                return true;
            }
        }
        return false;
    }

    private int index(long seq) {
        return (int) Math.floorMod(seq, (long) ring.length);
    }
}
