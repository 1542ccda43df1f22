package io.daisi.ws.transport;

import io.daisi.ws.events.EventHistory;
import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.routing.AdminScope;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ?since=<seq>} (SPEC §6 "Recovery"): replays the stored events a reconnecting socket
 * missed on one of its subjects, bounded by {@code app.recovery_max_events}. The socket holds its
 * live events meanwhile ({@link ClientConnection#beginReplay}) and releases them after the
 * replay without duplicates. Without JetStream there is no history: the client is told so with
 * {@code RecoveryTooLarge} and gets live events only.
 */
final class SocketRecovery {
    private static final Logger log = LoggerFactory.getLogger(SocketRecovery.class);

    private final Optional<EventHistory> history;
    private final Supplier<String> subjectPrefix;
    private final IntSupplier maxEvents;

    SocketRecovery(Optional<EventHistory> history, Supplier<String> subjectPrefix, IntSupplier maxEvents) {
        this.history = history;
        this.subjectPrefix = subjectPrefix;
        this.maxEvents = maxEvents;
    }

    /**
     * The {@code since} query parameter: empty when absent.
     *
     * @throws IllegalArgumentException when it is not a non-negative integer
     */
    static OptionalLong since(QueryParams query) {
        Optional<String> raw = query.first("since");
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= 0) {
                return OptionalLong.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("since must be a non-negative integer (the last seq received)");
    }

    /** What a user socket's connection covers: its chats subject. */
    CompletionStage<Void> replayChats(ClientConnection connection, String company, String agent, long since) {
        String filter = EventSubject.chats(company, agent).render(subjectPrefix.get());
        return replay(connection, filter, since, subject -> subject.kind() == EventKind.CHATS);
    }

    /** What an admin socket covers: the agents events of its scope. */
    CompletionStage<Void> replayAdmin(ClientConnection connection, AdminScope scope, long since) {
        String filter = subjectPrefix.get() + "." + scope.company().orElse("*") + "." + scope.agent().orElse("*")
                + ".agents";
        return replay(connection, filter, since, scope::matches);
    }

    /** The selected chat's messages. */
    CompletionStage<Void> replayChat(ClientConnection connection, EventSubject messages, long since) {
        return replay(connection, messages.render(subjectPrefix.get()), since, messages::equals);
    }

    private CompletionStage<Void> replay(ClientConnection connection, String filter, long since,
                                         Predicate<EventSubject> covered) {
        if (history.isEmpty()) {
            connection.finishReplay(List.of(), Optional.of(ErrorBody.of(ErrorCode.RECOVERY_TOO_LARGE,
                    "Recovery needs JetStream; continuing with live events")), covered);
            return CompletableFuture.completedFuture(null);
        }
        return history.get().after(filter, since, maxEvents.getAsInt()).handle((replay, failure) -> {
            if (failure != null) {
                log.warn("recovery after seq {} failed: {}", since, failure.toString());
                connection.finishReplay(List.of(), Optional.of(ErrorBody.of(ErrorCode.RECOVERY_TOO_LARGE,
                        "Recovery failed; continuing with live events")), covered);
            } else {
                switch (replay) {
                    case EventHistory.Events events -> connection.finishReplay(
                            events.events().stream().filter(e -> covered.test(e.subject())).toList(),
                            Optional.empty(), covered);
                    case EventHistory.TooLarge tooLarge -> connection.finishReplay(List.of(),
                            Optional.of(ErrorBody.of(ErrorCode.RECOVERY_TOO_LARGE,
                                    "Too many events to replay; continuing with live events")), covered);
                }
            }
            return null;
        });
    }
}
