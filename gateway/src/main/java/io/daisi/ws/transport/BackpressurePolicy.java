package io.daisi.ws.transport;

/** What a full send queue does with one more event (app.websocket_backpressure_drop_policy, SPEC §8). */
public enum BackpressurePolicy {
    /** Take no more live events; read what was skipped from the history once the queue drained (lossless). */
    CATCH_UP,
    /** Drop the oldest queued event and count it. */
    DROP_OLDEST,
    /** Keep the event; a socket that stays over capacity for the write timeout is closed as a slow consumer. */
    BLOCK;

    public static BackpressurePolicy fromConfig(String value) {
        return switch (value) {
            case "catch_up" -> CATCH_UP;
            case "block" -> BLOCK;
            case "drop_oldest" -> DROP_OLDEST;
            default -> throw new IllegalArgumentException("unknown backpressure policy: " + value);
        };
    }
}
