package io.daisi.ws.transport;

import io.daisi.ws.events.DeliveryPath;

/**
 * One queued text frame. Events carry their stream sequence (0 when unknown), the time the
 * gateway received them and how (for the delivery-latency histogram); other frames carry 0 and
 * {@link DeliveryPath#LOCAL}.
 */
record Outbound(byte[] frame, FrameType type, long seq, long receivedAtNanos, DeliveryPath path) {

    static Outbound control(FrameType type, byte[] frame) {
        return new Outbound(frame, type, 0, 0, DeliveryPath.LOCAL);
    }

    boolean isEvent() {
        return type == FrameType.EVENT;
    }
}
