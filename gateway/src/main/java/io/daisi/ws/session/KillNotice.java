package io.daisi.ws.session;

/** A kill-switch message: the session of {@code lockKey} now belongs to a connection on {@code newPodId}. */
public record KillNotice(String lockKey, String newPodId) {
}
