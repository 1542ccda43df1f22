package io.daisi.ws.store.redis;

import java.time.Duration;

/** Redis expiries are whole seconds (EX, EXPIRE), as the reference writes them. */
final class ExpirySeconds {

    private ExpirySeconds() {
    }

    /**
     * {@code ttl} rounded up to whole seconds, at least 1: rounding down could expire a key before
     * its owner renews it, and Redis refuses an expiry of 0.
     */
    static long of(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            return 1;
        }
        long seconds = ttl.getSeconds();
        return ttl.getNano() > 0 ? seconds + 1 : seconds;
    }
}
