package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.events.LastMessageStore;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stored message of a chat, read from the stream by subject (a direct get when the
 * stream allows it), off the caller's thread. None stored, or not an event: empty.
 */
public final class JetStreamLastMessages implements LastMessageStore {
    private static final Logger log = LoggerFactory.getLogger(JetStreamLastMessages.class);

    private final NatsConnector connector;
    private final String stream;
    private final String prefix;

    public JetStreamLastMessages(NatsConnector connector, NatsConfig config) {
        this.connector = connector;
        this.stream = config.streamName();
        this.prefix = config.subjectPrefix();
    }

    @Override
    public CompletionStage<Optional<Event>> lastMessage(EventSubject messagesSubject) {
        String subject = messagesSubject.render(prefix);
        return connector.call(nats -> {
            MessageInfo info;
            try {
                info = nats.management().getLastMessage(stream, subject);
            } catch (JetStreamApiException e) {
                if (ApiErrors.isNoMessage(e)) {
                    return Optional.empty();
                }
                throw e;
            }
            return switch (StoredEvents.decode(prefix, info.getSubject(), info.getSeq(), info.getData(),
                    info.getHeaders())) {
                case StoredEvents.Valid valid -> Optional.of(valid.event());
                case StoredEvents.Invalid invalid -> {
                    log.debug("last message {} on {} is not an event: {}", info.getSeq(), subject, invalid.reason());
                    yield Optional.empty();
                }
            };
        });
    }
}
