package io.daisi.ws.events;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The stored events after a sequence, for recovery ({@code ?since=}, SPEC §6): what a
 * reconnecting socket missed on the subjects it would have received.
 */
@FunctionalInterface
public interface EventHistory {

    /**
     * The events stored after {@code afterSeq} on {@code filterSubject} (a full subject, possibly
     * with wildcards, e.g. {@code websocket.c1.*.agents}), in stream order, as the stream holds
     * them when the call starts; {@link Replay.TooLarge} when there are more than {@code maxEvents}
     * or the stream no longer holds all of them. Messages that are not events are skipped.
     */
    CompletionStage<Replay> after(String filterSubject, long afterSeq, int maxEvents);

    sealed interface Replay {
    }

    /** Every stored event after the sequence, oldest first; empty when there is none. */
    record Events(List<Event> events) implements Replay {
        public Events {
            events = List.copyOf(events);
        }
    }

    /** The client missed more than can be replayed: it gets {@code RecoveryTooLarge} and live events only. */
    record TooLarge() implements Replay {
    }
}
