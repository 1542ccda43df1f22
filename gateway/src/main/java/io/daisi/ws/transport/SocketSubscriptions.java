package io.daisi.ws.transport;

import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.routing.SubscriptionIndex;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket's place in the subscription index: a user's chats (and selected chat's messages),
 * or an admin's scope. On {@code select_chat} the chat's last stored message follows the
 * switch — or, for the first chat selected after a reconnect with {@code since}, what the
 * client missed in it.
 */
final class SocketSubscriptions implements SubscribedFilters {
    private static final Logger log = LoggerFactory.getLogger(SocketSubscriptions.class);

    private final ConnectionIdentity identity;
    private final SubscriptionIndex index;
    private final LastMessageStore lastMessages;
    private final OptionalLong since;
    /** Whether the first chat selected after a reconnect has had its replay; only with {@code since}. */
    private volatile boolean chatSinceUsed;
    private static final VarHandle CHAT_SINCE_USED;
    private volatile ClientConnection connection;
    // null until joined; plain fields, not Optionals, as every open socket holds them
    private volatile SubscriptionIndex.UserMembership user;
    private volatile SubscriptionIndex.AdminMembership admin;

    static {
        try {
            CHAT_SINCE_USED = MethodHandles.lookup().findVarHandle(SocketSubscriptions.class, "chatSinceUsed",
                    boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code since}: the {@code ?since=} of a reconnecting client. */
    SocketSubscriptions(ConnectionIdentity identity, SubscriptionIndex index, LastMessageStore lastMessages,
                        OptionalLong since) {
        this.identity = identity;
        this.index = index;
        this.lastMessages = lastMessages;
        this.since = since;
    }

    @Override
    public List<EventFilter> filters() {
        return switch (identity) {
            case ConnectionIdentity.User u -> Optional.ofNullable(user)
                    .flatMap(SubscriptionIndex.UserMembership::selectedChat)
                    .<List<EventFilter>>map(chat -> List.of(new EventFilter.Chats(u.company(), u.agent()),
                            new EventFilter.Messages(u.company(), u.agent(), chat)))
                    .orElseGet(() -> List.of(new EventFilter.Chats(u.company(), u.agent())));
            case ConnectionIdentity.Admin a -> List.of(new EventFilter.Agents(a.scope().company(), a.scope().agent()));
        };
    }

    /** Joins the index for {@code socket}; completes when its routes are registered. */
    CompletionStage<Void> join(ClientConnection socket) {
        this.connection = socket;
        return switch (identity) {
            case ConnectionIdentity.User u -> {
                SubscriptionIndex.UserMembership membership = index.joinUser(socket, u.company(), u.agent());
                user = membership;
                yield membership.registered();
            }
            case ConnectionIdentity.Admin a -> {
                SubscriptionIndex.AdminMembership membership = index.joinAdmin(socket, a.scope());
                admin = membership;
                yield membership.registered();
            }
        };
    }

    void selectChat(String chatId) {
        ClientConnection socket = connection;
        SubscriptionIndex.UserMembership membership = user;
        if (!(identity instanceof ConnectionIdentity.User u) || membership == null || socket == null) {
            if (socket != null) {
                socket.sendError(ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid message", "select_chat is for user sockets"));
            }
            return;
        }
        EventSubject subject = EventSubject.messages(u.company(), u.agent(), chatId);
        if (since.isPresent() && CHAT_SINCE_USED.compareAndSet(this, false, true)) {
            // the first chat selected after a reconnect replays what the client missed in it
            membership.selectChat(chatId).whenComplete((registered, failure) -> {
                if (failure != null) {
                    subscriptionFailed(socket, failure);
                } else {
                    socket.replayFrom(since.getAsLong());
                }
            });
            return;
        }
        membership.selectChat(chatId)
                .thenCompose(registered -> lastMessages.lastMessage(subject))
                .whenComplete((last, failure) -> {
                    if (failure != null) {
                        subscriptionFailed(socket, failure);
                    } else if (membership.selectedChat().equals(Optional.of(chatId))) {
                        last.ifPresent(socket::deliverSnapshot);
                    }
                });
    }

    private static void subscriptionFailed(ClientConnection socket, Throwable failure) {
        log.warn("select_chat could not be completed: {}", failure.toString());
        socket.sendError(ErrorBody.of(ErrorCode.SUBSCRIPTION_FAILURE, "Could not subscribe to the chat; select it again"));
    }

    void leave() {
        SubscriptionIndex.UserMembership joinedUser = user;
        if (joinedUser != null) {
            joinedUser.leave();
        }
        SubscriptionIndex.AdminMembership joinedAdmin = admin;
        if (joinedAdmin != null) {
            joinedAdmin.leave();
        }
    }
}
