package io.daisi.ws.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The reference service's token envelope: base64url (padded, as Go's {@code base64.URLEncoding})
 * of {@code nonce(12) || AES-256-GCM ciphertext || tag(16)}, no associated data.
 *
 * <p>Thread-safe: a {@link Cipher} is stateful, so each call takes its own; the lookup is cheap
 * next to the crypto, and a per-thread cache would not pay off on virtual threads.
 */
public final class TokenCodec {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final TokenKey key;
    private final SecureRandom random;

    public TokenCodec(TokenKey key) {
        this(key, new SecureRandom());
    }

    public TokenCodec(TokenKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** What opening a token gave: the plaintext, or why there is none. */
    public sealed interface Opening {
        /** The array is this caller's own; records of arrays compare by identity. */
        record Opened(byte[] plaintext) implements Opening {
        }

        /** {@link AuthFailure#MALFORMED} or {@link AuthFailure#DECRYPTION_FAILED}. */
        record Refused(AuthFailure reason) implements Opening {
        }
    }

    public String seal(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return Base64.getUrlEncoder().encodeToString(sealed);
    }

    public String seal(String plaintext) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** The plaintext, or empty for anything but an authentic token of this key. */
    public Optional<byte[]> open(String token) {
        return tryOpen(token) instanceof Opening.Opened opened ? Optional.of(opened.plaintext()) : Optional.empty();
    }

    /** Like {@link #open} but says why a token was refused. */
    public Opening tryOpen(String token) {
        if (token == null) {
            return new Opening.Refused(AuthFailure.MALFORMED);
        }
        byte[] sealed;
        try {
            // The JDK's URL decoder takes padded and unpadded input alike, as the reference does.
            sealed = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return new Opening.Refused(AuthFailure.MALFORMED);
        }
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            return new Opening.Refused(AuthFailure.MALFORMED);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES));
            return new Opening.Opened(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            return new Opening.Refused(AuthFailure.DECRYPTION_FAILED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG_BYTES * Byte.SIZE, nonce));
        return cipher;
    }

    @Override
    public String toString() {
        return "TokenCodec[" + key + "]";
    }
}
