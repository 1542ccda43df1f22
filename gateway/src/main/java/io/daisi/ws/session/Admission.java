package io.daisi.ws.session;

/** The result of asking for a session. */
public sealed interface Admission {
    /** The connection's fence (see {@link KillNotice}); 0 when admitted without one. */
    default long fence() {
        return 0;
    }

    /** The lock is ours; {@code how} says which step got it (metric label). */
    record Granted(String how, long fence) implements Admission {
    }

    /**
     * The lock store is down and degraded sessions are allowed: admitted without exclusivity,
     * and without a fence, so any later takeover notice closes it.
     */
    record Degraded() implements Admission {
    }

    /** The lock store is down: the socket cannot be admitted with exclusivity. */
    record Unavailable(String reason) implements Admission {
    }
}
