package io.daisi.ws.auth;

import java.util.Objects;

/** The outcome of authenticating a token: claims, or the reason it was refused. */
public sealed interface AuthResult<C> {

    /** @param fromCache whether the claims came from the token cache rather than decryption */
    record Valid<C>(C claims, boolean fromCache) implements AuthResult<C> {
        public Valid {
            Objects.requireNonNull(claims, "claims");
        }
    }

    record Invalid<C>(AuthFailure reason) implements AuthResult<C> {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
