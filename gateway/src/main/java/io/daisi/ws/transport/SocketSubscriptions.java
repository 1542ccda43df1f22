package io.daisi.ws.transport;

import io.daisi.ws.events.EventSubject;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.routing.SubscriptionIndex;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket's place in the subscription index: a user's chats (and selected
 * chat's messages), or an admin's scope. On {@code select_chat} the chat's last
 * stored message follows the switch.
 */
final class SocketSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(SocketSubscriptions.class);

    private final ClientConnection connection;
    private final SubscriptionIndex index;
    private final LastMessageStore lastMessages;
    private final SocketRecovery recovery;
    private final OptionalLong since;
    private final AtomicBoolean chatSinceUsed = new AtomicBoolean();
    private volatile Optional<SubscriptionIndex.UserMembership> user = Optional.empty();
    private volatile Optional<SubscriptionIndex.AdminMembership> admin = Optional.empty();

    /** {@code since}: the {@code ?since=} of a reconnecting client, replayed by {@link #catchUp}. */
    SocketSubscriptions(ClientConnection connection, SubscriptionIndex index, LastMessageStore lastMessages,
                        SocketRecovery recovery, OptionalLong since) {
        this.connection = connection;
        this.index = index;
        this.lastMessages = lastMessages;
        this.recovery = recovery;
        this.since = since;
    }

    /** Joins the index; completes when this socket's routes are registered. */
    CompletionStage<Void> join() {
        if (since.isPresent()) {
            connection.beginReplay();
        }
        return switch (connection.identity()) {
            case ConnectionIdentity.User u -> {
                SubscriptionIndex.UserMembership membership = index.joinUser(connection, u.company(), u.agent());
                user = Optional.of(membership);
                yield membership.registered();
            }
            case ConnectionIdentity.Admin a -> {
                SubscriptionIndex.AdminMembership membership = index.joinAdmin(connection, a.scope());
                admin = Optional.of(membership);
                yield membership.registered();
            }
        };
    }

    /** Replays what a reconnecting socket missed on its own subjects; completes at once without {@code since}. */
    CompletionStage<Void> catchUp() {
        if (since.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return switch (connection.identity()) {
            case ConnectionIdentity.User u -> recovery.replayChats(connection, u.company(), u.agent(), since.getAsLong());
            case ConnectionIdentity.Admin a -> recovery.replayAdmin(connection, a.scope(), since.getAsLong());
        };
    }

    void selectChat(String chatId) {
        if (!(connection.identity() instanceof ConnectionIdentity.User u) || user.isEmpty()) {
            connection.sendError(ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid message",
                    "select_chat is for user sockets"));
            return;
        }
        SubscriptionIndex.UserMembership membership = user.get();
        EventSubject subject = EventSubject.messages(u.company(), u.agent(), chatId);
        if (since.isPresent() && chatSinceUsed.compareAndSet(false, true)) {
            // the first chat selected after a reconnect replays what the client missed in it
            connection.beginReplay();
            membership.selectChat(chatId)
                    .thenCompose(registered -> recovery.replayChat(connection, subject, since.getAsLong()))
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            connection.finishReplay(List.of(), Optional.empty(), s -> false);
                            subscriptionFailed(failure);
                        }
                    });
            return;
        }
        membership.selectChat(chatId)
                .thenCompose(registered -> lastMessages.lastMessage(subject))
                .whenComplete((last, failure) -> {
                    if (failure != null) {
                        subscriptionFailed(failure);
                    } else if (membership.selectedChat().equals(Optional.of(chatId))) {
                        last.ifPresent(connection::deliver);
                    }
                });
    }

    private void subscriptionFailed(Throwable failure) {
        log.warn("select_chat could not be completed: {}", failure.toString());
        connection.sendError(ErrorBody.of(ErrorCode.SUBSCRIPTION_FAILURE, "Could not subscribe to the chat; select it again"));
    }

    void leave() {
        user.ifPresent(SubscriptionIndex.UserMembership::leave);
        admin.ifPresent(SubscriptionIndex.AdminMembership::leave);
    }
}
