package io.daisi.ws.transport;

import static io.daisi.ws.transport.SocketChannelHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.events.RecentEvents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The stream position on a real Netty channel (EmbeddedChannel): live delivery, the safe
 * position, catch-up from the history and since recovery, with the history of the standalone
 * bus standing in for the stream.
 */
class StreamPositionTest {
    private static final EventSubject CHATS = EventSubject.chats("c", "a");
    private static final EventSubject OTHER = EventSubject.chats("c", "other");
    private static final EventSubject CHAT_X = EventSubject.messages("c", "a", "x");

    private final SocketChannelHarness harness = new SocketChannelHarness();
    private final RecentEvents stored = new RecentEvents(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final EventHistory history = (filters, after, limit) -> {
        reads.incrementAndGet();
        return stored.after(filters, after, limit);
    };
    private final List<String> slowConsumer = new ArrayList<>();
    private List<EventFilter> filters = List.of(new EventFilter.Chats("c", "a"));
    private int maxEvents = 1_000;
    private long published;
    private SocketWriter writer;
    private StreamPosition position;

    private void socket(int capacity) {
        writer = harness.writer(capacity, BackpressurePolicy.CATCH_UP);
        position = new StreamPosition(writer, history, () -> filters, () -> maxEvents, harness.metrics,
                harness.channel.eventLoop(), slowConsumer::add);
    }

    /** Stores the next event of the stream, as the stream would, before anyone gets it live. */
    private Event publish(EventSubject subject) {
        Event event = event(++published, subject);
        stored.add(event);
        return event;
    }

    private List<Event> publish(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(publish(CHATS));
        }
        return events;
    }

    @Test
    void liveEventsFollowReadyAndThePositionAndThePositionAdvancesWithTheFloorWhileEventsFlow() {
        socket(10);
        position.startLive(0);
        position.open();
        Event first = publish(CHATS);
        position.live(first);
        harness.settle();
        position.onFloor(1); // events flowed: a position is owed
        position.onFloor(1); // no event came to carry it: it goes out on its own
        position.onFloor(1); // nothing new flowed: no second position
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "p0", "e1", "p1");
        position.live(first); // a redelivery
        harness.settle();
        assertThat(harness.eventSeqs()).containsExactly(1L);
    }

    @Test
    void anOwedPositionLeavesWithTheNextEventInOneFlushOrOnItsOwnAtTheNextTick() {
        socket(10);
        AtomicInteger flushes = harness.countFlushes();
        position.startLive(0);
        position.open();
        List<Event> events = publish(2);
        position.live(events.get(0));
        harness.settle();
        position.onFloor(1); // events flowed: a position is owed, not written on its own
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "p0", "e1");

        int before = flushes.get();
        position.live(events.get(1));
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "p0", "e1", "e2", "p1");
        assertThat(flushes.get() - before).as("the event and the position it carried, in one flush").isEqualTo(1);

        position.onFloor(2); // e2 flowed: owed again
        position.onFloor(2); // no event came to carry it: on its own
        position.onFloor(2); // nothing flowed since
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "p0", "e1", "e2", "p1", "p2");
    }

    @Test
    void thePositionIsNeverAheadOfWhatWasWrittenWithOutOfOrderArrivalsAndARedeliveredForward() {
        socket(4);
        position.startLive(0);
        position.open();
        List<Event> events = publish(7);
        // shared mode: event 1 went to another pod whose forward was NAKed; 2 and 3 arrive first
        position.live(events.get(1));
        position.live(events.get(2));
        position.onFloor(0); // the ack floor stays below 1 until 1 is acknowledged
        harness.settle();
        position.live(events.get(0)); // redelivered and forwarded again
        harness.settle();
        position.onFloor(3);
        // the socket stops reading: 6 and 5 (out of order) queue up while 4 is still on its way
        harness.stall();
        position.live(events.get(5));
        position.live(events.get(4));
        position.onFloor(3);
        harness.settle();
        position.live(events.get(3));
        position.live(events.get(6));
        position.onFloor(7); // the floor passes them all while they are still queued
        harness.resume(writer);
        position.onFloor(7);
        position.live(events.get(4)); // a duplicate after it was written
        position.onFloor(7); // the position owed since the last tick: no event came to carry it
        harness.settle();

        assertThat(harness.eventSeqs()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertPositionsNeverAhead();
        assertThat(harness.trace()).contains("p3", "p7").doesNotContain("p4", "p5", "p6");
    }

    @Test
    void aLaggingSocketCatchesUpFromTheHistoryInOrderWithoutGapOrDuplicateAndGoesLiveAgain() {
        socket(4);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        List<Event> burst = publish(10);
        burst.forEach(e -> position.live(e));
        harness.settle();
        assertThat(harness.metrics.catchUps).hasValue(1);
        assertThat(position.isReading()).isTrue();
        assertThat(position.position()).as("bounded by the lowest queued event").isZero();

        harness.resume(writer);
        Event next = publish(CHATS);
        position.live(next); // live again: written at once
        harness.settle();

        assertThat(harness.eventSeqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
        assertThat(position.isReading()).isFalse();
        assertThat(harness.metrics.active).hasValue(0);
        assertThat(harness.metrics.caughtUp).hasValue(6);
        assertThat(slowConsumer).isEmpty();
        assertPositionsNeverAhead();
    }

    @Test
    void liveEventsThatArriveWhileCatchingUpAreTakenFromTheHistoryInTurn() {
        socket(4);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        publish(8).forEach(e -> position.live(e));
        harness.settle();
        harness.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        writer.onWritabilityChanged(); // writes 1..4, asks the history for the next page
        publish(OTHER);
        publish(3).forEach(e -> position.live(e)); // arrive before that page is handled
        harness.settle();
        assertThat(harness.eventSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 10L, 11L, 12L);
        assertThat(position.isReading()).isFalse();
    }

    @Test
    void moreEventsToCatchUpThanAllowedIsASlowConsumer() {
        maxEvents = 5;
        socket(2);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        publish(20).forEach(e -> position.live(e));
        harness.resume(writer);
        assertThat(slowConsumer).singleElement().asString().contains("more than app.recovery_max_events");
    }

    @Test
    void eventsGoneFromTheHistoryAreASlowConsumer() {
        RecentEvents small = new RecentEvents(3);
        writer = harness.writer(2, BackpressurePolicy.CATCH_UP);
        position = new StreamPosition(writer, small, () -> filters, () -> maxEvents, harness.metrics,
                harness.channel.eventLoop(), slowConsumer::add);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        for (long seq = 1; seq <= 8; seq++) {
            Event e = event(seq, CHATS);
            small.add(e);
            position.live(e);
        }
        harness.resume(writer);
        assertThat(slowConsumer).singleElement().asString().contains("no longer in the history");
    }

    @Test
    void sinceReplaysBeforeReadyInPagesThenGoesLive() {
        socket(3);
        publish(2);
        List<Event> missed = publish(5);
        publish(OTHER);
        position.startRecovery(2, published);
        Event duringReplay = publish(CHATS);
        position.live(duringReplay); // skipped: the replay reads it from the history
        position.open();
        harness.settle();
        Event after = publish(CHATS);
        position.live(after);
        harness.settle();
        // the position goes out with ready, before e6.. are written: it may not claim them yet
        assertThat(harness.trace()).containsExactly("e3", "e4", "e5", "e6", "e7", "e9", "ready", "p5", "e10");
        assertThat(missed).hasSize(5);
        assertThat(reads.get()).isGreaterThan(1);
    }

    @Test
    void sinceTooFarBackIsRecoveryTooLargeThenLiveFromTheHeadOfTheHistory() {
        maxEvents = 3;
        socket(10);
        publish(10);
        position.startRecovery(0, published);
        position.open();
        harness.settle();
        Event live = publish(CHATS);
        position.live(live);
        harness.settle();
        assertThat(harness.trace()).containsExactly("error:RecoveryTooLarge", "ready", "p10", "e11");
    }

    @Test
    void aRecoveryGivenUpGoesLiveFromTheHeadEvenWhenTheFloorItJoinedAtIsOld() {
        maxEvents = 3;
        socket(10);
        publish(10);
        position.startRecovery(0, 0); // a pod that has not read its floor yet
        position.open();
        harness.settle();
        position.live(publish(CHATS));
        harness.settle();
        assertThat(slowConsumer).isEmpty();
        assertThat(harness.trace()).startsWith("error:RecoveryTooLarge").contains("ready", "e11");
    }

    @Test
    void theFirstChatSelectedAfterSinceReplaysItsMessagesAfterSince() {
        socket(10);
        publish(CHATS);
        Event x1 = publish(CHAT_X);
        Event x2 = publish(CHAT_X);
        position.startRecovery(1, published);
        position.open();
        harness.settle();
        assertThat(harness.trace()).containsExactly("ready", "p3");
        filters = List.of(new EventFilter.Chats("c", "a"), new EventFilter.Messages("c", "a", "x"));
        position.rewind(1);
        harness.settle();
        assertThat(harness.eventSeqs()).containsExactly(x1.seq(), x2.seq());
        assertThat(position.isReading()).isFalse();
    }

    @Test
    void eventsWithoutASeqCannotBeCaughtUpAndFollowDropOldest() {
        socket(2);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        for (int i = 0; i < 4; i++) {
            position.live(event(0, CHATS));
        }
        harness.resume(writer);
        assertThat(harness.eventSeqs()).containsExactly(0L, 0L);
        assertThat(harness.metrics.dropped).hasValue(2);
        assertThat(position.isReading()).isFalse();
    }

    @Test
    void theReadIsPacedByTheQueueNeverMoreThanItHolds() {
        List<Integer> limits = new ArrayList<>();
        writer = harness.writer(4, BackpressurePolicy.CATCH_UP);
        position = new StreamPosition(writer, (f, after, limit) -> {
            limits.add(limit);
            return stored.after(f, after, limit);
        }, () -> filters, () -> maxEvents, harness.metrics, harness.channel.eventLoop(), slowConsumer::add);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        publish(30).forEach(e -> position.live(e));
        harness.resume(writer);
        assertThat(harness.eventSeqs()).hasSize(30);
        assertThat(limits).isNotEmpty().allSatisfy(limit -> assertThat(limit).isBetween(2, 4));
    }

    @Test
    void aFailedHistoryReadIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        writer = harness.writer(2, BackpressurePolicy.CATCH_UP);
        position = new StreamPosition(writer, (f, after, limit) -> calls.incrementAndGet() == 1
                ? CompletableFuture.<EventHistory.Page>failedFuture(new IllegalStateException("nats down"))
                : stored.after(f, after, limit), () -> filters, () -> maxEvents, harness.metrics,
                harness.channel.eventLoop(), slowConsumer::add);
        position.startLive(0);
        position.open();
        harness.settle();
        harness.stall();
        publish(5).forEach(e -> position.live(e));
        harness.resume(writer);
        assertThat(harness.eventSeqs()).hasSize(2);
        harness.channel.advanceTimeBy(2, java.util.concurrent.TimeUnit.SECONDS);
        harness.channel.runScheduledPendingTasks();
        harness.settle();
        assertThat(harness.eventSeqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    /** Every position W was written after every event with a seq up to W that this socket got at all. */
    private void assertPositionsNeverAhead() {
        Set<Long> writtenSoFar = new HashSet<>();
        Set<Long> all = new HashSet<>(harness.eventSeqs());
        for (JsonNode frame : harness.written) {
            switch (frame.path("type").asText()) {
                case "event" -> writtenSoFar.add(frame.path("seq").asLong());
                case "position" -> {
                    long w = frame.at("/payload/seq").asLong();
                    all.stream().filter(seq -> seq <= w).forEach(seq ->
                            assertThat(writtenSoFar).as("event %d before position %d", seq, w).contains(seq));
                }
                default -> { }
            }
        }
    }
}
