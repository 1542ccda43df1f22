package io.daisi.ws.auth;

import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 32-byte AES-256 key, configured as 64 hex characters.
 *
 * <p>Not a record: a record's generated {@code toString} would print the key, and the key must
 * never reach a log. Error messages say what is wrong with the text, never what it contains.
 */
public final class TokenKey {

    static final int BYTES = 32;
    private static final int HEX_CHARS = BYTES * 2;

    private final SecretKey secretKey;

    private TokenKey(byte[] bytes) {
        this.secretKey = new SecretKeySpec(bytes, "AES");
    }

    /** @throws IllegalArgumentException if the text is missing, not 64 characters, or not hex */
    public static TokenKey fromHex(String hex) {
        if (hex == null || hex.isEmpty()) {
            throw new IllegalArgumentException(
                    "AES key is missing: expected " + HEX_CHARS + " hex characters (" + BYTES + " bytes)");
        }
        if (hex.length() != HEX_CHARS) {
            throw new IllegalArgumentException("AES key must be " + HEX_CHARS + " hex characters ("
                    + BYTES + " bytes) but has " + hex.length() + " characters");
        }
        // Checked by hand: HexFormat's own exception quotes the offending character.
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(
                        "AES key must contain only hex digits (0-9, a-f); character " + (i + 1) + " is not one");
            }
        }
        return new TokenKey(HexFormat.of().parseHex(hex));
    }

    SecretKey secretKey() {
        return secretKey;
    }

    @Override
    public String toString() {
        return "TokenKey[redacted]";
    }
}
