package io.daisi.ws.transport;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.ServerFrames;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket's place in the stream (SPEC §6 "Recovery", §8 {@code catch_up}): which events it
 * has been given, its safe resume point W, and the reading of what it missed from the history,
 * after a reconnect ({@code ?since=}) or after falling behind. Both are one mechanism: a cursor
 * into the history, advanced a page at a time at the socket's own pace, while live events
 * beyond the cursor are skipped (the history has them) and the exact sequences already given
 * are never given again. Confined to the socket's event loop.
 *
 * <p>W = min(the stream floor, the cursor while reading, the lowest queued sequence - 1). The
 * floor only changes through {@link #onFloor}, which runs on the event loop after the floor was
 * read, so every event up to it that this socket should get has reached {@link #live} first.
 */
final class StreamPosition implements SocketWriter.DrainListener {
    private static final Logger log = LoggerFactory.getLogger(StreamPosition.class);
    private static final long RETRY_MILLIS = 1_000;

    /** Why the socket is reading from the history. */
    private enum Reading {
        NONE,
        /** {@code ?since=} (or a chat selected after it): too much is RecoveryTooLarge, then live. */
        RECOVERY,
        /** Fell behind live delivery: too much, or gone from the history, is SlowConsumer. */
        LAG
    }

    private final SocketWriter writer;
    private final EventHistory history;
    private final SubscribedFilters subscriptions;
    private final IntSupplier maxEvents;
    private final SocketMetrics metrics;
    private final ScheduledExecutorService loop;
    private final SlowConsumerClose slowConsumer;
    private final SeqSet taken = new SeqSet();

    private long floor;
    private long safe;
    private long cursor;
    private long fallback;
    private long skippedUpTo;
    private Reading reading = Reading.NONE;
    private boolean opened;
    private boolean fetching;
    private boolean retryPending;
    private boolean readyPending;
    private boolean flowing;
    /** A tick found that events flowed: the position leaves with the next event written, or at the next tick. */
    private boolean positionOwed;
    private long lastSent = -1;

    /**
     * @param subscriptions the socket's current subscriptions, read at every page
     * @param maxEvents     {@code app.recovery_max_events}
     * @param loop          the socket's event loop
     * @param slowConsumer  closes the socket with SlowConsumer; given why
     */
    StreamPosition(SocketWriter writer, EventHistory history, SubscribedFilters subscriptions,
                   IntSupplier maxEvents, SocketMetrics metrics, ScheduledExecutorService loop,
                   SlowConsumerClose slowConsumer) {
        this.writer = writer;
        this.history = history;
        this.subscriptions = subscriptions;
        this.maxEvents = maxEvents;
        this.metrics = metrics;
        this.loop = loop;
        this.slowConsumer = slowConsumer;
        writer.onDrained(this);
    }

    /** Closes the socket with SlowConsumer (SPEC §8), given why. */
    @FunctionalInterface
    interface SlowConsumerClose {
        void slowConsumer(String why);
    }

    /** The writer drained below half its capacity: read the next page when reading. */
    @Override
    public void drained() {
        fetchIfRoom();
    }

    /**
     * A new socket. {@code floorAtJoin}: the floor as read before the socket joined the index;
     * every event up to it was handed out before the socket existed.
     */
    void startLive(long floorAtJoin) {
        floor = floorAtJoin;
        safe = floorAtJoin;
    }

    /** A reconnecting socket: it has everything up to {@code since}; {@code ready} follows the replay. */
    void startRecovery(long since, long floorAtJoin) {
        floor = floorAtJoin;
        beginReading(Reading.RECOVERY, since, floorAtJoin);
        readyPending = true;
    }

    /** The handshake is done: from now on frames are written (ready first, unless a replay precedes it). */
    void open() {
        opened = true;
        if (readyPending) {
            writer.open(java.util.Optional.empty());
            fetchIfRoom();
        } else {
            writer.open(java.util.Optional.of(Outbound.control(FrameType.READY, ServerFrames.ready())));
            sendPosition();
            fetchIfRoom();
        }
    }

    /** A live event for this socket. */
    void live(Event event) {
        long seq = event.seq();
        if (seq == 0) {
            // from a peer that sent no stream sequence: it cannot be caught up, so it follows drop_oldest
            BackpressurePolicy policy = writer.policy() == BackpressurePolicy.CATCH_UP
                    ? BackpressurePolicy.DROP_OLDEST : writer.policy();
            if (writer.event(event, policy) == SendQueue.Offer.HARD_LIMIT) {
                slowConsumer.slowConsumer("send queue over its hard limit");
            }
            return;
        }
        if (seq <= safe || taken.contains(seq)) {
            return; // given already: a redelivery, or a copy the history read brought first
        }
        if (reading != Reading.NONE) {
            if (seq > cursor) {
                skippedUpTo = Math.max(skippedUpTo, seq); // the history has it; read it in turn
            } else if (writer.queuedEvents() < writer.capacity()) {
                // before the cursor but not in the pages read: not subscribed then; harmless to give
                take(event);
            }
            return;
        }
        switch (writer.event(event, writer.policy())) {
            case ACCEPTED, DROPPED_OLDEST, OVER_CAPACITY -> {
                given(seq);
                if (positionOwed) {
                    sendPosition(); // behind the event, in the same drain and flush: no write of its own
                }
            }
            case REFUSED -> startCatchUp(seq);
            case HARD_LIMIT -> slowConsumer.slowConsumer("send queue over its hard limit");
        }
    }

    /** The last stored message of a newly selected chat: given even though it is older than W. */
    void snapshot(Event event) {
        writer.force(event);
        if (event.seq() > safe) {
            given(event.seq());
        }
    }

    /**
     * The first chat selected after a reconnect with {@code since}: its messages after
     * {@code since} are owed too, so the cursor goes back there (W with it).
     */
    void rewind(long since) {
        if (reading == Reading.NONE) {
            refreshSafe();
            beginReading(Reading.RECOVERY, since, safe);
        } else {
            cursor = Math.min(cursor, since);
            refreshSafe();
        }
        fetchIfRoom();
    }

    /**
     * A new floor, read before this task was queued: W may advance. If events flowed since the last
     * position, one is owed: it goes out behind the next event written to the socket, in the same
     * flush, or at the next tick if none came. Written at the tick itself, the positions of a tenth
     * of the sockets were a burst of one write each every 100 ms that the events queued behind
     * (BENCHMARKS "Session 10": the p99 of 200 events/s to 10,000 sockets fell by 30–50 %).
     */
    void onFloor(long newFloor) {
        floor = Math.max(floor, newFloor);
        refreshSafe();
        if (flowing && opened && !readyPending && safe != lastSent) {
            if (positionOwed) {
                sendPosition(); // no event came to carry it: on its own
                flowing = false;
            } else {
                positionOwed = true;
            }
        }
    }

    /** W now (SPEC §4 {@code position}): every event for this socket up to it has been written. */
    long position() {
        refreshSafe();
        return safe;
    }

    boolean isReading() {
        return reading != Reading.NONE;
    }

    /** The socket is closing: a catch-up in progress ends here. */
    void stop() {
        if (reading != Reading.NONE) {
            reading = Reading.NONE;
            metrics.catchUpEnded();
        }
    }

    private void startCatchUp(long skippedSeq) {
        refreshSafe();
        beginReading(Reading.LAG, safe, safe);
        skippedUpTo = skippedSeq;
        fetchIfRoom();
    }

    private void beginReading(Reading why, long from, long fallbackFrom) {
        if (reading == Reading.NONE) {
            metrics.catchUpStarted();
        }
        reading = why;
        cursor = from;
        fallback = fallbackFrom;
        skippedUpTo = 0;
        refreshSafe();
    }

    private void fetchIfRoom() {
        if (reading == Reading.NONE || fetching || retryPending || !opened || !writer.isOpen()) {
            return;
        }
        int room = writer.capacity() - writer.queuedEvents();
        if (room < Math.max(1, writer.capacity() / 2)) {
            return; // the writer calls again once the queue drained below half
        }
        fetching = true;
        long from = cursor;
        history.after(subscriptions.filters(), from, room).whenComplete((page, failure) ->
                loop.execute(() -> onPage(from, page, failure)));
    }

    private void onPage(long from, EventHistory.Page page, Throwable failure) {
        fetching = false;
        if (!writer.isOpen() || reading == Reading.NONE) {
            return;
        }
        if (from != cursor) {
            fetchIfRoom(); // rewound meanwhile: this page starts at the wrong place
            return;
        }
        if (failure != null) {
            log.debug("history read after {} failed ({}); retrying", from, failure.toString());
            retryPending = true;
            loop.schedule(() -> {
                retryPending = false;
                fetchIfRoom();
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        switch (page) {
            case EventHistory.Gone gone -> tooFar("the events it missed are no longer in the history", gone.head());
            case EventHistory.Events events -> {
                // what this socket was given already (out of order, before it fell behind) is not waiting
                long waiting = events.remaining() - taken.countAbove(from);
                if (waiting > maxEvents.getAsInt()) {
                    tooFar(waiting + " events to catch up, more than app.recovery_max_events", events.head());
                    return;
                }
                feed(events);
            }
        }
    }

    private void feed(EventHistory.Events page) {
        int fed = 0;
        for (Event event : page.events()) {
            if (event.seq() > safe && !taken.contains(event.seq())) {
                take(event);
                fed++;
            }
        }
        metrics.caughtUp(fed);
        cursor = Math.max(cursor, page.coveredThrough());
        // done when this page reached the end of the history and covers every live event skipped
        boolean reachedTheEnd = page.remaining() <= page.events().size();
        if (reachedTheEnd && skippedUpTo <= cursor) {
            finishReading();
        } else {
            fetchIfRoom();
        }
    }

    /** {@code head}: the store's last sequence when it was read, where a recovery given up goes live from. */
    private void tooFar(String why, long head) {
        if (reading == Reading.RECOVERY) {
            writer.force(Outbound.control(FrameType.ERROR, ServerFrames.error(ErrorBody.of(
                    ErrorCode.RECOVERY_TOO_LARGE, "Cannot replay everything since the given seq; continuing with "
                            + "live events", why))));
            // live from now: what arrived since the history was read (skipped meanwhile) is read like
            // any catch-up; the client was told it has a gap before that
            reading = Reading.LAG;
            cursor = Math.max(fallback, head);
            refreshSafe();
            fetchIfRoom();
        } else {
            stop();
            slowConsumer.slowConsumer(why);
        }
    }

    private void finishReading() {
        reading = Reading.NONE;
        metrics.catchUpEnded();
        refreshSafe();
        if (readyPending) {
            readyPending = false;
            writer.force(Outbound.control(FrameType.READY, ServerFrames.ready()));
            sendPosition();
        }
    }

    private void take(Event event) {
        writer.force(event);
        given(event.seq());
    }

    private void given(long seq) {
        taken.add(seq);
        flowing = true;
    }

    private void sendPosition() {
        positionOwed = false;
        refreshSafe();
        writer.force(Outbound.control(FrameType.POSITION, ServerFrames.position(safe)));
        lastSent = safe;
    }

    private void refreshSafe() {
        long w = floor;
        if (reading != Reading.NONE) {
            w = Math.min(w, cursor);
        }
        OptionalLong lowest = writer.lowestQueuedSeq();
        if (lowest.isPresent()) {
            w = Math.min(w, lowest.getAsLong() - 1);
        }
        safe = Math.max(0, w);
        taken.removeUpTo(safe);
    }
}
