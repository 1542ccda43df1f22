package io.daisi.ws.routing;

import io.daisi.ws.events.Event;
import java.util.concurrent.Executor;

/**
 * A local socket that can be handed events. Implementations must not block. A socket confined to
 * a thread (a Netty event loop) names it with {@link #loop()}: local delivery then hands an event
 * to all the sockets of one loop in a single task ({@link #deliverInLoop}), instead of one task
 * per socket.
 */
public interface Subscriber {
    /** Hands over an event from any thread. */
    void deliver(Event event);

    /** The thread {@link #deliverInLoop} must run on; by default the caller's. */
    default Executor loop() {
        return Runnable::run;
    }

    /** Takes an event, already on {@link #loop()}. */
    default void deliverInLoop(Event event) {
        deliver(event);
    }
}
