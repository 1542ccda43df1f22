package io.daisi.ws.events;

import java.util.concurrent.CompletionStage;

/**
 * A stream sequence up to which every event has been handed to every socket that should receive
 * it (SPEC §6 "Which since is safe"): in {@code shared} mode the consumer's ack floor, in
 * {@code per_pod} and standalone mode the last event this pod dispatched. A socket's safe resume
 * point never passes it.
 */
public interface StreamFloor {

    /** Reads the floor now; on failure the last value read, which is still a true floor. */
    CompletionStage<Long> read();

    /** The last value read (0 before any), without asking anyone. */
    long lastRead();
}
