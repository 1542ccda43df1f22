package io.daisi.ws.transport;

/** The server-to-client message types (SPEC §4), as counted in {@code dws_messages_sent_total{type}}. */
public enum FrameType {
    READY("ready"),
    EVENT("event"),
    ERROR("error"),
    POSITION("position");

    private final String label;

    FrameType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
