package io.daisi.ws.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** API key comparison that takes the same time wherever the first differing byte is. */
public final class ApiKeyCheck {

    private ApiKeyCheck() {
    }

    /**
     * Whether the presented key equals the configured one. A missing or empty key on either side
     * never matches, so an unset key cannot be satisfied by sending nothing.
     */
    public static boolean matches(String configured, String presented) {
        if (configured == null || configured.isEmpty() || presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                configured.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
