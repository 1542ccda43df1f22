package io.daisi.ws.events.jetstream;

import static io.daisi.ws.events.jetstream.JetStreamTesting.await;
import static io.daisi.ws.events.jetstream.JetStreamTesting.event;
import static io.daisi.ws.events.jetstream.JetStreamTesting.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.events.EventSubject;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher, the last-message store and the history, against a real stream. */
class JetStreamReadsIT extends OneNatsPerClass {

    private NatsConnector connector;
    private JetStreamPublisher publisher;
    private JetStreamLastMessages lastMessages;
    private JetStreamHistory history;

    @BeforeEach
    void connect() throws Exception {
        GatewayConfig config = newConfig(Map.of());
        client.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream())
                .subjects(prefix() + ".>").allowDirect(true).build());
        connector = JetStreamTesting.connected(config);
        publisher = new JetStreamPublisher(connector, config.nats());
        lastMessages = new JetStreamLastMessages(connector, config.nats());
        history = new JetStreamHistory(connector, config.nats());
    }

    @AfterEach
    void disconnect() {
        connector.close();
    }

    @Test
    void publishStoresTheEventWithItsRequestIdAndReturnsTheSequence() throws Exception {
        long first = await(publisher.publish(EventSubject.chats("c1", "a1"), event("e1"), "req-1"));
        long second = await(publisher.publish(EventSubject.agents("c1", "a1"), event("e2"), "req-2"));

        assertThat(second).isEqualTo(first + 1);
        MessageInfo info = client.jetStreamManagement().getMessage(stream(), first);
        assertThat(info.getSubject()).isEqualTo(prefix() + ".c1.a1.chats");
        assertThat(info.getHeaders().getFirst("X-Request-ID")).isEqualTo("req-1");
        assertThat(info.getData()).isEqualTo(event("e1"));
    }

    @Test
    void lastMessageIsTheNewestStoredEventOfThatChat() throws Exception {
        EventSubject chat = EventSubject.messages("c1", "a1", "x1");
        assertThat(await(lastMessages.lastMessage(chat))).isEmpty();

        await(publisher.publish(chat, event("m1"), "r1"));
        long newest = await(publisher.publish(chat, event("m2"), "r2"));
        await(publisher.publish(EventSubject.messages("c1", "a1", "other"), event("m3"), "r3"));

        Optional<Event> last = await(lastMessages.lastMessage(chat));
        assertThat(last).hasValueSatisfying(event -> {
            assertThat(event.eventId()).isEqualTo("m2");
            assertThat(event.seq()).isEqualTo(newest);
            assertThat(event.subject()).isEqualTo(chat);
            assertThat(event.requestId()).isEqualTo("r2");
        });
    }

    @Test
    void lastMessageAlsoWorksOnAStreamWithoutDirectGet() throws Exception {
        GatewayConfig other = newConfig(Map.of());
        client.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream())
                .subjects(prefix() + ".>").allowDirect(false).build());
        JetStreamLastMessages viaApi = new JetStreamLastMessages(connector, other.nats());
        EventSubject chat = EventSubject.messages("c1", "a1", "x1");
        assertThat(await(viaApi.lastMessage(chat))).isEmpty();

        long seq = publish("c1.a1.messages.x1", event("m1"));

        assertThat(await(viaApi.lastMessage(chat))).map(Event::seq).hasValue(seq);
    }

    @Test
    void aLastMessageThatIsNotAnEventIsNone() throws Exception {
        EventSubject chat = EventSubject.messages("c1", "a1", "x2");
        await(publisher.publish(chat, event("fine"), "r"));
        publish("c1.a1.messages.x2", "garbage".getBytes(StandardCharsets.UTF_8));

        assertThat(await(lastMessages.lastMessage(chat))).isEmpty();
    }

    @Test
    void historyReturnsTheEventsAfterASequenceInOrderSkippingNonEvents() throws Exception {
        long s1 = publish("c1.a1.chats", event("h1"));
        long s2 = publish("c1.a1.chats", event("h2"));
        publish("c1.a2.chats", event("other agent"));
        publish("c1.a1.chats", "not an event".getBytes(StandardCharsets.UTF_8));
        long s5 = publish("c1.a1.chats", event("h5"));

        List<EventFilter> chats = List.of(new EventFilter.Chats("c1", "a1"));
        assertThat(seqs(await(history.after(chats, 0, 100)))).containsExactly(s1, s2, s5);
        assertThat(seqs(await(history.after(chats, s1, 100)))).containsExactly(s2, s5);
        EventHistory.Events none = (EventHistory.Events) await(history.after(chats, s5, 100));
        assertThat(none.events()).isEmpty();
        assertThat(none.coveredThrough()).isEqualTo(s5);
        assertThat(consumerNames()).as("history consumers are deleted").isEmpty();
    }

    @Test
    void historyFollowsWildcardFiltersOfAdminScopes() throws Exception {
        long a = publish("c1.a1.agents", event("a"));
        publish("c2.a1.agents", event("other company"));
        publish("c1.a1.chats", event("not agents"));
        long b = publish("c1.a2.agents", event("b"));

        EventHistory.Page company = await(history.after(
                List.of(new EventFilter.Agents(Optional.of("c1"), Optional.empty())), 0, 10));
        assertThat(seqs(company)).containsExactly(a, b);
        assertThat(((EventHistory.Events) company).events()).extracting(Event::eventId).containsExactly("a", "b");
        assertThat(seqs(await(history.after(List.of(new EventFilter.Agents(Optional.empty(), Optional.empty())), a,
                10)))).hasSize(2);
        assertThat(consumerNames()).isEmpty();
    }

    @Test
    void aPageStopsAtTheLimitAndSaysHowManyRemainAndHowFarItIsComplete() throws Exception {
        List<Long> chats = new java.util.ArrayList<>();
        long x1 = publish("c1.a1.messages.x", event("x1"));
        for (int i = 0; i < 6; i++) {
            chats.add(publish("c1.a1.chats", event("e" + i)));
        }
        long x2 = publish("c1.a1.messages.x", event("x2"));
        List<EventFilter> both = List.of(new EventFilter.Chats("c1", "a1"), new EventFilter.Messages("c1", "a1", "x"));

        EventHistory.Events first = (EventHistory.Events) await(history.after(both, 0, 4));
        assertThat(seqs(first)).containsExactly(x1, chats.get(0), chats.get(1), chats.get(2));
        assertThat(first.coveredThrough()).isEqualTo(chats.get(2));
        assertThat(first.remaining()).isEqualTo(8);
        EventHistory.Events rest = (EventHistory.Events) await(history.after(both, first.coveredThrough(), 10));
        assertThat(seqs(rest)).containsExactly(chats.get(3), chats.get(4), chats.get(5), x2);
        assertThat(rest.coveredThrough()).isEqualTo(x2);
        assertThat(rest.remaining()).isEqualTo(4);
        assertThat(consumerNames()).isEmpty();
    }

    @Test
    void eventsThatAgedOutOfTheStreamAreGone() throws Exception {
        long seen = publish("c1.a1.chats", event("seen"));
        publish("c1.a1.chats", event("missed"));
        client.jetStreamManagement().purgeStream(stream());
        publish("c1.a1.chats", event("kept"));

        assertThat(await(history.after(List.of(new EventFilter.Chats("c1", "a1")), seen, 100)))
                .isInstanceOf(EventHistory.Gone.class);
    }

    @Test
    void readsFailAsAnOutageWhileNatsIsAway() {
        connector.close();

        assertThat(failureOf(publisher.publish(EventSubject.chats("c", "a"), event("e"), "r")))
                .isInstanceOf(NatsUnavailableException.class);
        assertThat(failureOf(lastMessages.lastMessage(EventSubject.messages("c", "a", "x"))))
                .isInstanceOf(NatsUnavailableException.class);
        assertThat(failureOf(history.after(List.of(new EventFilter.Chats("c", "a")), 0, 10)))
                .isInstanceOf(NatsUnavailableException.class);
    }

    private static List<Long> seqs(EventHistory.Page replay) {
        assertThat(replay).isInstanceOf(EventHistory.Events.class);
        return ((EventHistory.Events) replay).events().stream().map(Event::seq).toList();
    }
}
