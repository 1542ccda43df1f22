package io.daisi.ws.session;

/** Metric label and key family of a session. */
public enum UserType {
    USER("user"),
    ADMIN("admin");

    private final String label;

    UserType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
