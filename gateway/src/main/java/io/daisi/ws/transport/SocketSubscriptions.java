package io.daisi.ws.transport;

import io.daisi.ws.events.EventSubject;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.routing.SubscriptionIndex;
import java.util.Optional;

/**
 * A socket's place in the subscription index: a user's chats (and selected
 * chat's messages), or an admin's scope. On {@code select_chat} the chat's last
 * stored message follows the switch.
 */
final class SocketSubscriptions {
    private final ClientConnection connection;
    private final SubscriptionIndex index;
    private final LastMessageStore lastMessages;
    private Optional<SubscriptionIndex.UserMembership> user = Optional.empty();
    private Optional<SubscriptionIndex.AdminMembership> admin = Optional.empty();

    SocketSubscriptions(ClientConnection connection, SubscriptionIndex index, LastMessageStore lastMessages) {
        this.connection = connection;
        this.index = index;
        this.lastMessages = lastMessages;
    }

    void join() {
        switch (connection.identity()) {
            case ConnectionIdentity.User u -> user = Optional.of(index.joinUser(connection, u.company(), u.agent()));
            case ConnectionIdentity.Admin a -> admin = Optional.of(index.joinAdmin(connection, a.scope()));
        }
    }

    void selectChat(ClientConnection socket, String chatId) {
        if (!(connection.identity() instanceof ConnectionIdentity.User u) || user.isEmpty()) {
            connection.sendError(ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid message",
                    "select_chat is for user sockets"));
            return;
        }
        SubscriptionIndex.UserMembership membership = user.get();
        membership.selectChat(chatId);
        lastMessages.lastMessage(EventSubject.messages(u.company(), u.agent(), chatId))
                .thenAccept(last -> last.ifPresent(event -> {
                    if (membership.selectedChat().equals(Optional.of(chatId))) {
                        connection.deliver(event);
                    }
                }));
    }

    void leave() {
        user.ifPresent(SubscriptionIndex.UserMembership::leave);
        admin.ifPresent(SubscriptionIndex.AdminMembership::leave);
    }
}
