package io.daisi.ws.cluster;

import io.daisi.ws.events.Event;
import java.util.concurrent.CompletionStage;

/**
 * Hands an event to another pod, which delivers it to all its matching sockets. The stage
 * completes when the peer confirmed delivery; it fails (usually with a
 * {@link PeerUnavailableException}) when the event must be redelivered later.
 */
@FunctionalInterface
public interface PeerForwarder {
    CompletionStage<Void> forward(Peer peer, Event event);
}
