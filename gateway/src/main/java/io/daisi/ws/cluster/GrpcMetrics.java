package io.daisi.ws.cluster;

import java.util.Locale;

/**
 * What cross-pod forwarding reports; implemented by the metrics registry. Labels are
 * these enums only: never a pod id or address, which are unbounded under autoscaling.
 */
public interface GrpcMetrics {

    /** Outcome of one forward (after its retry), the {@code status} of dws_grpc_messages_sent_total. */
    enum SendStatus {
        OK, FAILED, REJECTED, CIRCUIT_OPEN
    }

    /** Outcome of one received PushEvent, the {@code result} of dws_grpc_messages_received_total. */
    enum ReceiveResult {
        OK, INVALID, FAILED
    }

    /** Why the pool closed a channel (the reference's label values). */
    enum CloseReason {
        IDLE, HEALTH_FAIL, CIRCUIT_TRIP, SHUTDOWN
    }

    /** The label value of an enum constant above: its name in lower case. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    void sent(SendStatus status);

    void received(ReceiveResult result);

    void retryAttempt();

    void retrySuccess();

    void retryFailure();

    void poolSize(int channels);

    void connectionCreated();

    void connectionClosed(CloseReason reason);

    void connectionError();

    void circuitTripped();

    /** A {@code PushEvents} call left with this many events (how much bursts coalesce). */
    void batchSent(int events);

    GrpcMetrics NONE = new GrpcMetrics() {
        @Override
        public void batchSent(int events) {
        }

        @Override
        public void sent(SendStatus status) {
        }

        @Override
        public void received(ReceiveResult result) {
        }

        @Override
        public void retryAttempt() {
        }

        @Override
        public void retrySuccess() {
        }

        @Override
        public void retryFailure() {
        }

        @Override
        public void poolSize(int channels) {
        }

        @Override
        public void connectionCreated() {
        }

        @Override
        public void connectionClosed(CloseReason reason) {
        }

        @Override
        public void connectionError() {
        }

        @Override
        public void circuitTripped() {
        }
    };
}
