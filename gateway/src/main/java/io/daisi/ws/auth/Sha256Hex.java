package io.daisi.ws.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex SHA-256 of a string's UTF-8 bytes: cache keys, and token fingerprints for logs. */
final class Sha256Hex {

    private static final int FINGERPRINT_CHARS = 12;

    private Sha256Hex() {
    }

    static String of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Enough to correlate log lines about one token without letting the log replay it. */
    static String fingerprint(String token) {
        return of(token).substring(0, FINGERPRINT_CHARS);
    }
}
