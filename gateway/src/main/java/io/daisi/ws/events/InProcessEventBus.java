package io.daisi.ws.events;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode's event source: numbers each published event like a stream
 * would, remembers the last {@code messages} event of every chat (so
 * {@code select_chat} behaves as in cluster mode) and the most recent events (so
 * {@code since} and catch-up do), and dispatches synchronously.
 */
public final class InProcessEventBus implements EventPublisher, LastMessageStore {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

    /** Chats remembered at most; beyond it an arbitrary chat is forgotten to make room (a development bus). */
    private static final int MAX_REMEMBERED_CHATS = 100_000;

    private final EventDispatcher dispatcher;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentHashMap<EventSubject, Event> lastMessages = new ConcurrentHashMap<>();
    private final RecentEvents history;
    private final boolean sequenced;

    /** {@code historySize}: how many of the latest events {@link #history()} keeps. */
    public InProcessEventBus(EventDispatcher dispatcher, int historySize) {
        this(dispatcher, historySize, true);
    }

    /**
     * {@code sequenced} false: events carry no {@code seq} (and the history stays empty). For
     * cluster mode without NATS, where every pod has a bus of its own and numbers would collide
     * across pods: there is no shared stream to resume from.
     */
    public InProcessEventBus(EventDispatcher dispatcher, int historySize, boolean sequenced) {
        this.dispatcher = dispatcher;
        this.history = new RecentEvents(historySize);
        this.sequenced = sequenced;
    }

    /** The latest events, for {@code since} and catch-up. */
    public EventHistory history() {
        return history;
    }

    @Override
    public CompletionStage<Long> publish(EventSubject subject, byte[] eventJson, String requestId) {
        EventParser.Result checked = EventParser.check(eventJson);
        if (checked instanceof EventParser.Invalid invalid) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(invalid.reason()));
        }
        String eventId = ((EventParser.Valid) checked).eventId();
        // Numbering and hand-off happen under one lock so sockets see events in seq order even
        // with concurrent publishers; the hand-off only queues frames, so the lock is brief.
        synchronized (this) {
            return publishInOrder(subject, eventJson, eventId, requestId);
        }
    }

    private CompletionStage<Long> publishInOrder(EventSubject subject, byte[] eventJson, String eventId,
                                                 String requestId) {
        long seq = sequence.incrementAndGet();
        Event event = new Event(subject, sequenced ? seq : 0, eventJson.clone(), eventId, requestId, System.nanoTime());
        if (subject.kind() == EventKind.MESSAGES) {
            if (lastMessages.size() >= MAX_REMEMBERED_CHATS && !lastMessages.containsKey(subject)) {
                lastMessages.keySet().stream().findFirst().ifPresent(lastMessages::remove);
            }
            lastMessages.put(subject, event);
        }
        // stored before it is dispatched, as in a stream: a socket that reads the history after
        // missing this event live finds it there
        if (sequenced) {
            history.add(event);
        }
        // There is no redelivery here: once numbered and handed to the dispatcher the event is
        // published, even if some peer could not take it (e.g. Redis down; local sockets have it).
        dispatcher.dispatch(event).whenComplete((done, failure) -> {
            if (failure != null) {
                log.warn("event {} (seq {}) was not delivered everywhere: {}", eventId, seq, failure.toString());
            }
        });
        return CompletableFuture.completedFuture(seq);
    }

    @Override
    public CompletionStage<Optional<Event>> lastMessage(EventSubject messagesSubject) {
        return CompletableFuture.completedFuture(Optional.ofNullable(lastMessages.get(messagesSubject)));
    }
}
