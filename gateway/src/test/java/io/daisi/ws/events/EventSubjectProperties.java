package io.daisi.ws.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.protocol.SubjectTokens;
import io.daisi.ws.testsupport.FuzzTally;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Issue 10 item 6, NATS subjects (unit level, jqwik): any subject parses to the event's routing
 * target or to nothing (the message is acked and counted as invalid), never an exception; and
 * every subject the gateway renders parses back to itself.
 */
class EventSubjectProperties {
    private final FuzzTally tally = new FuzzTally();

    @AfterProperty
    void report() {
        tally.report();
    }

    @Provide
    Arbitrary<String> anySubject() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("chats", "agents", "messages", "", "*", ">", "c1", "a1"));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(100),
                token.list().ofMaxSize(7).map(t -> "websocket." + String.join(".", t)),
                token.list().ofMaxSize(7).map(t -> String.join(".", t)));
    }

    @Property
    void anySubjectParsesToATargetOrNothing(@ForAll("anySubject") String subject) throws Exception {
        tally.check("unit", "NATS subjects: random strings and token lists", "a routing target or none, no exception",
                () -> {
            Optional<EventSubject> parsed = EventSubject.parse("websocket", subject);
            parsed.ifPresent(s -> {
                assertThat(SubjectTokens.isValidToken(s.company())).isTrue();
                assertThat(s.render("websocket")).isEqualTo(subject);
            });
        });
    }

    @Provide
    Arbitrary<String> token() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_').ofMinLength(1).ofMaxLength(40);
    }

    @Property
    void renderedSubjectsParseBack(@ForAll("token") String company, @ForAll("token") String agent,
                                   @ForAll("token") String chat, @ForAll EventKind kind) throws Exception {
        tally.check("unit", "NATS subjects: rendered from generated ids", "parses back to the same target", () -> {
            EventSubject subject = switch (kind) {
                case CHATS -> EventSubject.chats(company, agent);
                case AGENTS -> EventSubject.agents(company, agent);
                case MESSAGES -> EventSubject.messages(company, agent, chat);
            };
            assertThat(EventSubject.parse("wa", subject.render("wa"))).contains(subject);
        });
    }
}
