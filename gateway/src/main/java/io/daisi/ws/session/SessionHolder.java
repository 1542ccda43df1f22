package io.daisi.ws.session;

/** A local socket holding a session; told when a newer connection took the session over. */
@FunctionalInterface
public interface SessionHolder {
    void sessionTakenOver();
}
