package io.daisi.ws.events;

import io.daisi.ws.protocol.SubjectTokens;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed subject: {@code {prefix}.{company}.{agent}.chats},
 * {@code {prefix}.{company}.{agent}.messages.{chat}} or {@code {prefix}.{company}.{agent}.agents}.
 * The prefix is configuration, so it is not part of the value.
 */
public record EventSubject(String company, String agent, EventKind kind, Optional<String> chatId) {

    public EventSubject {
        Objects.requireNonNull(company);
        Objects.requireNonNull(agent);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(chatId);
        if (kind == EventKind.MESSAGES != chatId.isPresent()) {
            throw new IllegalArgumentException("a chat id belongs to, and only to, messages subjects");
        }
    }

    public static EventSubject chats(String company, String agent) {
        return new EventSubject(company, agent, EventKind.CHATS, Optional.empty());
    }

    public static EventSubject messages(String company, String agent, String chatId) {
        return new EventSubject(company, agent, EventKind.MESSAGES, Optional.of(chatId));
    }

    public static EventSubject agents(String company, String agent) {
        return new EventSubject(company, agent, EventKind.AGENTS, Optional.empty());
    }

    /** Parses a full subject under {@code prefix}; empty for anything of another shape. */
    public static Optional<EventSubject> parse(String prefix, String subject) {
        if (subject == null || !subject.startsWith(prefix + ".")) {
            return Optional.empty();
        }
        String[] t = subject.substring(prefix.length() + 1).split("\\.", -1);
        if (t.length < 3 || !SubjectTokens.isValidToken(t[0]) || !SubjectTokens.isValidToken(t[1])) {
            return Optional.empty();
        }
        Optional<EventKind> kind = EventKind.fromWireName(t[2]);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        return switch (kind.get()) {
            case CHATS, AGENTS -> t.length == 3
                    ? Optional.of(new EventSubject(t[0], t[1], kind.get(), Optional.empty()))
                    : Optional.empty();
            case MESSAGES -> t.length == 4 && SubjectTokens.isValidToken(t[3])
                    ? Optional.of(messages(t[0], t[1], t[3]))
                    : Optional.empty();
        };
    }

    public String render(String prefix) {
        String base = prefix + "." + company + "." + agent + "." + kind.wireName();
        return chatId.map(chat -> base + "." + chat).orElse(base);
    }
}
