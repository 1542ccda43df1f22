package io.daisi.ws.events;

/** How an event reached this pod: taken from the stream here, or forwarded by a peer pod (a bounded metric label). */
public enum DeliveryPath {
    LOCAL("local"),
    FORWARDED("forwarded");

    private final String label;

    DeliveryPath(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
