package io.daisi.ws.events;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The stored events, read a page at a time for a socket that must catch up: after a reconnect
 * ({@code ?since=}, SPEC §6) or after falling behind (the {@code catch_up} policy, SPEC §8). JetStream
 * in cluster mode; in standalone mode the in-process bus's recent events.
 */
@FunctionalInterface
public interface EventHistory {

    /**
     * The stored events after {@code afterSeq} that match any of {@code filters}, oldest first, at
     * most {@code limit} of them, as the store holds them when the call starts. Messages that are
     * not events are skipped. {@link Gone} when events after {@code afterSeq} are no longer stored.
     */
    CompletionStage<Page> after(List<EventFilter> filters, long afterSeq, int limit);

    sealed interface Page {
        /** The store's last sequence when it was read: where "live from now" starts. */
        long head();
    }

    /**
     * {@code events}: the page. {@code coveredThrough}: every matching event with a sequence up to
     * it is in this page or before {@code afterSeq} (the last event's sequence when the page was
     * cut at the limit, else the store's last sequence when it was read). {@code remaining}: how
     * many matching events there were after {@code afterSeq}, this page's included.
     */
    record Events(List<Event> events, long coveredThrough, long remaining, long head) implements Page {
        public Events {
            events = List.copyOf(events);
        }
    }

    /** Events after the sequence have aged out of the store: a read would have a gap. */
    record Gone(long head) implements Page {
    }
}
