package io.daisi.ws.auth;

/** The reference refuses a token whose required id is empty, so claims cannot hold one. */
final class Ids {

    private Ids() {
    }

    static String requireNonEmpty(String value, String jsonName) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(jsonName + " must not be empty");
        }
        return value;
    }
}
