package io.daisi.ws.session;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Pub/sub of session takeovers: {@code {"new_pod_id": ..., "fence": ...}} on the session's kill
 * channel, and the fences that order them.
 */
public interface KillSwitch {
    /**
     * The next admission number: greater than every number handed out before, by any pod
     * sharing this switch (also after the store lost its data, as far as clocks allow).
     */
    CompletionStage<Long> nextFence();

    CompletionStage<Void> publish(SessionKey key, String newPodId, long fence);

    /** Every kill notice on any session is passed to {@code handler}, on whichever thread the adapter uses. */
    void subscribe(Consumer<KillNotice> handler);
}
