package io.daisi.ws.auth;

import java.time.Instant;

/** What a valid token asserts: who it is for, and until when. */
public sealed interface Claims permits UserClaims, AdminClaims {

    Instant expiresAt();

    /** A token is good only while its expiry lies strictly in the future. */
    default boolean isExpiredAt(Instant now) {
        return !expiresAt().isAfter(now);
    }
}
