package io.daisi.ws.transport;

import io.daisi.ws.auth.AuthFailure;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.session.UserType;
import java.util.function.DoubleSupplier;

/**
 * What the socket endpoints report: token checks, refusals, sockets opened and closed, and what
 * clients send. A port, like {@link SocketMetrics} (the per-socket part, handed to each
 * connection): the transport says what happened and never touches Prometheus. Labels are
 * bounded (user type, error code, failure reason).
 */
public interface TransportMetrics {

    /** Reports nothing: for tests and tools that run the transport without a registry. */
    TransportMetrics NONE = new Silent();

    /** Reports nothing; a test that counts one thing overrides that one method. */
    class Silent implements TransportMetrics {
        @Override
        public SocketMetrics sockets() {
            return SocketMetrics.NONE;
        }

        @Override
        public void authSucceeded(UserType type) {
        }

        @Override
        public void authFailed(UserType type, AuthFailure reason) {
        }

        @Override
        public void authPathMismatch() {
        }

        @Override
        public void refused(ErrorCode code) {
        }

        @Override
        public void socketOpened(UserType type) {
        }

        @Override
        public void socketClosed(UserType type, long openNanos) {
        }

        @Override
        public void selectChatReceived() {
        }

        @Override
        public void invalidMessageReceived() {
        }

        @Override
        public void rateLimited() {
        }

        @Override
        public void sendQueues(DoubleSupplier queued, DoubleSupplier capacity) {
        }
    }

    /** What every socket's writer and stream position report. */
    SocketMetrics sockets();

    /** A socket request got a valid token for its path. */
    void authSucceeded(UserType type);

    /** A socket request's token was missing or refused. */
    void authFailed(UserType type, AuthFailure reason);

    /** A valid user token was presented on another company's or agent's path. */
    void authPathMismatch();

    /** A socket request was refused with {@code code} (before or instead of {@code ready}). */
    void refused(ErrorCode code);

    /** A socket was upgraded and admitted. */
    void socketOpened(UserType type);

    /** An admitted socket closed, {@code openNanos} after it opened. */
    void socketClosed(UserType type, long openNanos);

    /** A client sent a valid {@code select_chat}. */
    void selectChatReceived();

    /** A client sent a frame that is not a valid message. */
    void invalidMessageReceived();

    /** A client frame was refused by the inbound rate limit. */
    void rateLimited();

    /** The pod's send queues, summed over its sockets, read when metrics are scraped. */
    void sendQueues(DoubleSupplier queued, DoubleSupplier capacity);
}
