package io.daisi.ws.transport;

/**
 * One queued text frame. Events carry their stream sequence (0 when unknown) and the time the
 * gateway received them (for the delivery-latency histogram); other frames carry 0 for both.
 */
record Outbound(byte[] frame, FrameType type, long seq, long receivedAtNanos) {

    static Outbound control(FrameType type, byte[] frame) {
        return new Outbound(frame, type, 0, 0);
    }

    boolean isEvent() {
        return type == FrameType.EVENT;
    }
}
