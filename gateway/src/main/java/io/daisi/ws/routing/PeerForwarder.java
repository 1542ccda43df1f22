package io.daisi.ws.routing;

import io.daisi.ws.events.Event;
import java.util.concurrent.CompletionStage;

/**
 * Port: hands an event to another pod, which delivers it to all its matching sockets (SPEC §7).
 * The stage fails when the peer could not take it (after the adapter's retry, or at once while
 * the peer's circuit is open).
 */
public interface PeerForwarder {
    CompletionStage<Void> forward(Peer peer, Event event);
}
