package io.daisi.ws.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventSubjectTest {

    @Test
    void parsesTheThreeShapes() {
        assertThat(EventSubject.parse("websocket", "websocket.c1.a1.chats")).contains(EventSubject.chats("c1", "a1"));
        assertThat(EventSubject.parse("websocket", "websocket.c1.a1.agents")).contains(EventSubject.agents("c1", "a1"));
        assertThat(EventSubject.parse("websocket", "websocket.c1.a1.messages.x9"))
                .contains(EventSubject.messages("c1", "a1", "x9"));
        assertThat(EventSubject.parse("wa", "wa.c1.a1.chats")).contains(EventSubject.chats("c1", "a1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket.c1.a1", "websocket.c1.a1.chats.x", "websocket.c1.a1.messages",
            "websocket.c1.a1.messages.x.y", "websocket.c1.a1.unknown", "other.c1.a1.chats", "websocket..a1.chats",
            "websocket.c1.*.chats", "websocket.c1.a1.messages.>", "websocketc1.a1.chats", ""})
    void rejectsOtherShapes(String subject) {
        assertThat(EventSubject.parse("websocket", subject)).isEmpty();
    }

    @Test
    void rendersBack() {
        assertThat(EventSubject.messages("c", "a", "x").render("p")).isEqualTo("p.c.a.messages.x");
        assertThat(EventSubject.chats("c", "a").render("p")).isEqualTo("p.c.a.chats");
    }

    @Test
    void eventFrameEmbedsThePayloadVerbatimWithSeq() {
        byte[] payload = "{\"event_id\":\"e1\",\"unknown\":[1,2],\"row_data\":{}}".getBytes(StandardCharsets.UTF_8);
        Event event = new Event(EventSubject.chats("c", "a"), 42, payload, "e1", "r", 0);
        assertThat(new String(event.frame(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"event\",\"seq\":42,\"payload\":{\"event_id\":\"e1\",\"unknown\":[1,2],\"row_data\":{}}}");
        assertThat(event.frame()).isSameAs(event.frame());
        Event noSeq = new Event(EventSubject.chats("c", "a"), 0, payload, "e1", "r", 0);
        assertThat(new String(noSeq.frame(), StandardCharsets.UTF_8)).startsWith("{\"type\":\"event\",\"payload\":");
    }

    @Test
    void eventParserAcceptsEventsAndRejectsTheRest() {
        assertThat(EventParser.check(bytes("{\"event_id\":\"e\",\"company_id\":\"c\",\"row_data\":{\"a\":1},\"x\":true}")))
                .isEqualTo(new EventParser.Valid("e"));
        assertThat(EventParser.check(bytes("not json"))).isInstanceOf(EventParser.Invalid.class);
        assertThat(EventParser.check(bytes("[1]"))).isInstanceOf(EventParser.Invalid.class);
        assertThat(EventParser.check(bytes("{\"event_id\":\"\"}"))).isInstanceOf(EventParser.Invalid.class);
        assertThat(EventParser.check(bytes("{\"event_id\":5}"))).isInstanceOf(EventParser.Invalid.class);
        assertThat(EventParser.check(bytes("{\"event_id\":\"e\",\"chat_id\":7}"))).isInstanceOf(EventParser.Invalid.class);
        assertThat(EventParser.check(bytes("{\"event_id\":\"e\",\"row_data\":[1]}"))).isInstanceOf(EventParser.Invalid.class);
        assertThat(EventParser.check(bytes("{\"event_id\":\"e\",\"event_id\":\"f\"}"))).isInstanceOf(EventParser.Invalid.class);
    }

    @Test
    void inProcessBusNumbersEventsAndRemembersTheLastMessageOfEachChat() {
        java.util.List<Event> dispatched = new java.util.ArrayList<>();
        InProcessEventBus bus = new InProcessEventBus(e -> {
            dispatched.add(e);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }, 100);
        EventSubject chatX = EventSubject.messages("c", "a", "x");
        long s1 = bus.publish(chatX, bytes("{\"event_id\":\"1\"}"), "r").toCompletableFuture().join();
        long s2 = bus.publish(EventSubject.chats("c", "a"), bytes("{\"event_id\":\"2\"}"), "r").toCompletableFuture().join();
        long s3 = bus.publish(chatX, bytes("{\"event_id\":\"3\"}"), "r").toCompletableFuture().join();
        assertThat(new long[] {s1, s2, s3}).containsExactly(1, 2, 3);
        assertThat(dispatched).extracting(Event::eventId).containsExactly("1", "2", "3");
        assertThat(bus.lastMessage(chatX).toCompletableFuture().join()).map(Event::eventId).contains("3");
        assertThat(bus.lastMessage(EventSubject.messages("c", "a", "y")).toCompletableFuture().join()).isEmpty();
        assertThat(bus.publish(chatX, bytes("nope"), "r").toCompletableFuture()).isCompletedExceptionally();
        assertThat(Optional.of(s3)).contains(3L);
    }

    @Test
    void aBusEventIsPublishedEvenWhenSomePeerCouldNotTakeIt() {
        InProcessEventBus bus = new InProcessEventBus(
                e -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("peer down")), 100);
        assertThat(bus.publish(EventSubject.chats("c", "a"), bytes("{\"event_id\":\"1\"}"), "r")
                .toCompletableFuture().join()).isEqualTo(1L);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
