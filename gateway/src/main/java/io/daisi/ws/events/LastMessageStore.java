package io.daisi.ws.events;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The most recent stored {@code messages} event of a chat, sent right after {@code select_chat}. */
@FunctionalInterface
public interface LastMessageStore {
    CompletionStage<Optional<Event>> lastMessage(EventSubject messagesSubject);
}
