package io.daisi.ws.events.jetstream;

/** What the last look at the stream found. */
sealed interface StreamStatus {
    /** The stream exists and captures the subjects. */
    record Ready() implements StreamStatus {
    }

    /** The stream cannot be used now; {@code reason} is for readiness and logs ("stream X missing"). */
    record NotReady(String reason) implements StreamStatus {
    }
}
