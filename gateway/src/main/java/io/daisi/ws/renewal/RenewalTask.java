package io.daisi.ws.renewal;

import java.util.concurrent.CompletionStage;

/** One kind of thing the renewal loop keeps alive (session locks, route keys, the heartbeat). */
public interface RenewalTask {
    /** For logs. */
    String name();

    /**
     * Renews everything of this kind the pod holds. {@code reassert} is true on the first round
     * after a store outage: keys the store lost must be written again rather than given up.
     */
    CompletionStage<Void> renew(boolean reassert);
}
