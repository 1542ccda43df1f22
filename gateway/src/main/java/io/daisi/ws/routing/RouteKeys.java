package io.daisi.ws.routing;

import io.daisi.ws.events.EventSubject;

/** The reference's Redis route keys; one key per audience an event can have. */
public final class RouteKeys {
    public static final String ADMIN_AGENTS = "route:admin:agents";

    private RouteKeys() {
    }

    public static String chats(String company, String agent) {
        return "route:" + company + ":" + agent + ":chats";
    }

    public static String messages(String company, String agent, String chatId) {
        return "route:" + company + ":" + agent + ":messages:" + chatId;
    }

    public static String forSubject(EventSubject subject) {
        return switch (subject.kind()) {
            case CHATS -> chats(subject.company(), subject.agent());
            case MESSAGES -> messages(subject.company(), subject.agent(), subject.chatId().orElseThrow());
            case AGENTS -> ADMIN_AGENTS;
        };
    }
}
