/**
 * Exclusive sessions, one per user and per admin across all pods: the lock and
 * kill-switch ports, the admission algorithm (newest connection wins), and the
 * registry of sessions this pod holds, which closes a socket whose session was taken over.
 */
package io.daisi.ws.session;
