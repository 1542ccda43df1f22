package io.daisi.ws.transport;

import io.daisi.ws.events.DeliveryPath;

/**
 * What a socket's writer and stream position report: frames written, delivery latency, drops,
 * catch-ups and closes. A port, so the transport does not reach into Prometheus fields; labels
 * are bounded (frame types, drop reasons, close codes).
 */
public interface SocketMetrics {

    enum DropReason {
        BUFFER_FULL("buffer_full"),
        SLOW_CONSUMER("slow_consumer");

        private final String label;

        DropReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A frame other than an event was written. */
    void frameWritten(FrameType type);

    /** An event frame was written, {@code latencyNanos} after the gateway received it (through {@code path}). */
    void eventWritten(long latencyNanos, DeliveryPath path);

    void dropped(DropReason reason, int count);

    /** A socket fell behind and started reading what it skipped from the history. */
    void catchUpStarted();

    /** A socket that was catching up is live again (or closed). */
    void catchUpEnded();

    /** Events a catching-up (or recovering) socket took from the history. */
    void caughtUp(int events);

    /** A socket closed with SlowConsumer (4408). */
    void slowConsumerClosed();

    /** The server closed a socket with {@code code}. */
    void closed(int code);

    SocketMetrics NONE = new SocketMetrics() {
        @Override
        public void frameWritten(FrameType type) {
        }

        @Override
        public void eventWritten(long latencyNanos, DeliveryPath path) {
        }

        @Override
        public void dropped(DropReason reason, int count) {
        }

        @Override
        public void catchUpStarted() {
        }

        @Override
        public void catchUpEnded() {
        }

        @Override
        public void caughtUp(int events) {
        }

        @Override
        public void slowConsumerClosed() {
        }

        @Override
        public void closed(int code) {
        }
    };
}
