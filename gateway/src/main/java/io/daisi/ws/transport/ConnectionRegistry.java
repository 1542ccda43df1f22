package io.daisi.ws.transport;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Every open socket of this pod: for limits, supervision, metrics and shutdown. */
public final class ConnectionRegistry {
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    /** Counts admissions in progress too, so a connection limit cannot be overshot by a burst. */
    private final AtomicInteger reserved = new AtomicInteger();
    private volatile boolean draining;

    /** Reserves a place under {@code limit} (0 = unlimited); false when full. */
    boolean reserve(int limit) {
        while (true) {
            int current = reserved.get();
            if (limit > 0 && current >= limit) {
                return false;
            }
            if (reserved.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Shutdown has begun: no new sockets, {@code /ready} answers 503. */
    void startDraining() {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }

    void cancelReservation() {
        reserved.decrementAndGet();
    }

    void add(ClientConnection connection) {
        connections.add(connection);
    }

    /** Removes an established connection and frees its reservation. */
    void remove(ClientConnection connection) {
        if (connections.remove(connection)) {
            reserved.decrementAndGet();
        }
    }

    Collection<ClientConnection> all() {
        return Collections.unmodifiableSet(connections);
    }

    public int size() {
        return connections.size();
    }

    public long queuedMessages() {
        long total = 0;
        for (ClientConnection c : connections) {
            total += c.queuedCount();
        }
        return total;
    }

    public long queueCapacity() {
        long total = 0;
        for (ClientConnection c : connections) {
            total += c.settings().bufferSize();
        }
        return total;
    }
}
