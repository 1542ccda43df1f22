package io.daisi.ws.events;

import java.util.Optional;

/** The three tables whose changes are published; the wire name is the subject token. */
public enum EventKind {
    CHATS("chats"),
    MESSAGES("messages"),
    AGENTS("agents");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventKind> fromWireName(String name) {
        for (EventKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
