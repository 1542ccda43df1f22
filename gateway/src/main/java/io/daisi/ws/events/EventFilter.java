package io.daisi.ws.events;

import java.util.Objects;
import java.util.Optional;

/**
 * One stream subject (or family of subjects) a socket is subscribed to: what a history read
 * for that socket must cover. It renders as a NATS filter subject for JetStream and matches
 * parsed subjects for the in-process history.
 */
public sealed interface EventFilter {

    /** The NATS subject filter under {@code prefix}, with wildcards where the filter has them. */
    String natsSubject(String prefix);

    boolean matches(EventSubject subject);

    /** A user socket's {@code chats} events. */
    record Chats(String company, String agent) implements EventFilter {
        public Chats {
            Objects.requireNonNull(company);
            Objects.requireNonNull(agent);
        }

        @Override
        public String natsSubject(String prefix) {
            return EventSubject.chats(company, agent).render(prefix);
        }

        @Override
        public boolean matches(EventSubject subject) {
            return subject.equals(EventSubject.chats(company, agent));
        }
    }

    /** The {@code messages} events of a user socket's selected chat. */
    record Messages(String company, String agent, String chatId) implements EventFilter {
        public Messages {
            Objects.requireNonNull(company);
            Objects.requireNonNull(agent);
            Objects.requireNonNull(chatId);
        }

        @Override
        public String natsSubject(String prefix) {
            return EventSubject.messages(company, agent, chatId).render(prefix);
        }

        @Override
        public boolean matches(EventSubject subject) {
            return subject.equals(EventSubject.messages(company, agent, chatId));
        }
    }

    /** An admin socket's {@code agents} events: a company and an agent, each optional (empty = any). */
    record Agents(Optional<String> company, Optional<String> agent) implements EventFilter {
        public Agents {
            Objects.requireNonNull(company);
            Objects.requireNonNull(agent);
        }

        @Override
        public String natsSubject(String prefix) {
            return prefix + "." + company.orElse("*") + "." + agent.orElse("*") + "." + EventKind.AGENTS.wireName();
        }

        @Override
        public boolean matches(EventSubject subject) {
            return subject.kind() == EventKind.AGENTS
                    && company.map(subject.company()::equals).orElse(true)
                    && agent.map(subject.agent()::equals).orElse(true);
        }
    }
}
