package io.daisi.ws.session;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Pub/sub of session takeovers: {@code {"new_pod_id": ...}} on the session's kill channel. */
public interface KillSwitch {
    CompletionStage<Void> publish(SessionKey key, String newPodId);

    /** Every kill notice on any session is passed to {@code handler}, on whichever thread the adapter uses. */
    void subscribe(Consumer<KillNotice> handler);
}
