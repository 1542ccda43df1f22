package io.daisi.ws.protocol;

/** What a client may send. Everything else is a {@link Invalid} frame answered with BadRequest. */
public sealed interface ClientMessage {

    record SelectChat(String chatId) implements ClientMessage {
    }

    record Invalid(String reason) implements ClientMessage {
    }
}
