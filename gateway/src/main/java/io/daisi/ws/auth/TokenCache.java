package io.daisi.ws.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: where validated claims are kept, for every pod that reads them (the reference reads them
 * before decrypting; {@link Authenticator} only for a token its key cannot open). Keys and values
 * are shared with the reference service, so their form is fixed: see {@link #userKey} and
 * {@link #adminKey}.
 */
public interface TokenCache {

    String KEY_PREFIX = "token_cache:";

    CompletionStage<Optional<String>> get(String key);

    CompletionStage<Void> put(String key, String value, Duration ttl);

    /** {@code token_cache:<sha256hex(token)>} */
    static String userKey(String token) {
        return KEY_PREFIX + Sha256Hex.of(token);
    }

    /** {@code token_cache:<sha256hex("admin_" + token)>}: the prefix keeps the two kinds apart. */
    static String adminKey(String token) {
        return KEY_PREFIX + Sha256Hex.of("admin_" + token);
    }
}
