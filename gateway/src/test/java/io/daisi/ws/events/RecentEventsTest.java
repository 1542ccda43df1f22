package io.daisi.ws.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static final List<EventFilter> CHATS = List.of(new EventFilter.Chats("c", "a"));

    private static Event event(long seq, EventSubject subject) {
        return new Event(subject, seq, "{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8), "e" + seq, "r", 0);
    }

    private static EventHistory.Events read(RecentEvents history, List<EventFilter> filters, long after, int limit) {
        return (EventHistory.Events) history.after(filters, after, limit).toCompletableFuture().join();
    }

    @Test
    void pagesMatchTheFiltersStopAtTheLimitAndSayHowFarTheyAreComplete() {
        RecentEvents history = new RecentEvents(100);
        for (long seq = 1; seq <= 10; seq++) {
            history.add(event(seq, seq % 2 == 0 ? EventSubject.chats("c", "a") : EventSubject.chats("c", "other")));
        }
        EventHistory.Events first = read(history, CHATS, 0, 2);
        assertThat(first.events()).extracting(Event::seq).containsExactly(2L, 4L);
        assertThat(first.coveredThrough()).isEqualTo(4);
        assertThat(first.remaining()).isEqualTo(5);
        EventHistory.Events rest = read(history, CHATS, 4, 10);
        assertThat(rest.events()).extracting(Event::seq).containsExactly(6L, 8L, 10L);
        assertThat(rest.coveredThrough()).isEqualTo(10);
        EventHistory.Events exact = read(history, CHATS, 4, 3);
        assertThat(exact.coveredThrough()).as("a page that ends at the limit and the last match").isEqualTo(10);
        EventHistory.Events none = read(history, List.of(new EventFilter.Messages("c", "a", "x")), 3, 10);
        assertThat(none.events()).isEmpty();
        assertThat(none.coveredThrough()).isEqualTo(10);
    }

    @Test
    void eventsOlderThanTheRingAreGone() {
        RecentEvents history = new RecentEvents(3);
        for (long seq = 1; seq <= 5; seq++) {
            history.add(event(seq, EventSubject.chats("c", "a")));
        }
        assertThat(history.after(CHATS, 1, 10).toCompletableFuture().join()).isInstanceOf(EventHistory.Gone.class);
        assertThat(read(history, CHATS, 2, 10).events()).extracting(Event::seq).containsExactly(3L, 4L, 5L);
        assertThat(read(history, CHATS, 9, 10).coveredThrough()).as("a position from the future").isEqualTo(9);
    }

    @Test
    void sequencesMustFollowOneAnother() {
        RecentEvents history = new RecentEvents(3);
        history.add(event(1, EventSubject.chats("c", "a")));
        assertThatThrownBy(() -> history.add(event(3, EventSubject.chats("c", "a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDispatchedFloorIsTheHighestSequenceDispatched() {
        DispatchedFloor floor = new DispatchedFloor(e -> java.util.concurrent.CompletableFuture.completedFuture(null));
        floor.dispatch(event(3, EventSubject.chats("c", "a")));
        floor.dispatch(event(2, EventSubject.chats("c", "a")));
        assertThat(floor.lastRead()).isEqualTo(3);
        assertThat(floor.read().toCompletableFuture().join()).isEqualTo(3L);
    }
}
