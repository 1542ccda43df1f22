package io.daisi.ws.auth;

/** Why a token was refused; {@link #label()} is stable and low-cardinality, fit for a metric label. */
public enum AuthFailure {
    MISSING("missing"),
    /** Not base64url, or too short to hold a nonce and a tag. */
    MALFORMED("malformed"),
    /** Wrong key or modified ciphertext: GCM cannot tell the two apart. */
    DECRYPTION_FAILED("decryption_failed"),
    /** Decrypted, but not a JSON object with the required ids and an expiry. */
    INVALID_CLAIMS("invalid_claims"),
    EXPIRED("expired");

    private final String label;

    AuthFailure(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
