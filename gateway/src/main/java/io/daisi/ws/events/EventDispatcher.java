package io.daisi.ws.events;

import java.util.concurrent.CompletionStage;

/**
 * Where an event source hands each event. The returned stage completes when the
 * event has been handed to every matching socket (locally or on peer pods), so
 * the source may acknowledge it; it fails when the source should redeliver.
 */
@FunctionalInterface
public interface EventDispatcher {
    CompletionStage<Void> dispatch(Event event);
}
