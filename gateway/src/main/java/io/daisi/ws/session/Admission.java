package io.daisi.ws.session;

/** The result of asking for a session. */
public sealed interface Admission {
    /** The lock is ours; {@code how} says which step got it (metric label). */
    record Granted(String how) implements Admission {
    }

    /** The lock store is down and degraded sessions are allowed: admitted without exclusivity. */
    record Degraded() implements Admission {
    }

    /** The lock store is down: the socket cannot be admitted with exclusivity. */
    record Unavailable(String reason) implements Admission {
    }
}
