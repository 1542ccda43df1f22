package io.daisi.ws.transport;

/** What a full send queue does with one more message (app.websocket_backpressure_drop_policy). */
public enum BackpressurePolicy {
    /** Drop the oldest queued message and count it. */
    DROP_OLDEST,
    /** Keep the message; a socket that stays over capacity for the write timeout is closed as a slow consumer. */
    BLOCK;

    public static BackpressurePolicy fromConfig(String value) {
        return switch (value) {
            case "block" -> BLOCK;
            case "drop_oldest" -> DROP_OLDEST;
            default -> throw new IllegalArgumentException("unknown backpressure policy: " + value);
        };
    }
}
