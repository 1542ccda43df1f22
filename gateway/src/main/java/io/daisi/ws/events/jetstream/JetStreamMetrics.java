package io.daisi.ws.events.jetstream;

import io.daisi.ws.events.EventKind;

/** What the JetStream consumer reports; implemented by the metrics registry. Labels stay bounded. */
public interface JetStreamMetrics {
    /** A well-formed event was taken from the stream (again, if redelivered) and handed on. */
    void received(EventKind kind);

    /** A message that is not an event (subject or body) was acknowledged and dropped. */
    void invalid();

    /** An event was delivered and acknowledged. */
    void acked();

    /** Delivery failed; the event was NAKed for redelivery. */
    void nacked();

    /** Delivery failed on the last allowed attempt ({@code nats.max_deliver}); the event was terminated. */
    void dropped();

    JetStreamMetrics NOOP = new JetStreamMetrics() {
        @Override
        public void received(EventKind kind) {
        }

        @Override
        public void invalid() {
        }

        @Override
        public void acked() {
        }

        @Override
        public void nacked() {
        }

        @Override
        public void dropped() {
        }
    };
}
