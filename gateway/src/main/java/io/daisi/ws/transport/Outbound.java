package io.daisi.ws.transport;

import io.daisi.ws.events.DeliveryPath;
import io.netty.buffer.ByteBuf;

/**
 * One queued text frame. Events carry their stream sequence (0 when unknown), the time the
 * gateway received them and how (for the delivery-latency histogram); other frames carry 0 and
 * {@link DeliveryPath#LOCAL}. An event also carries its shared wire frame ({@code wire}; null for the
 * others), which sockets without a per-message extension write as it is.
 */
record Outbound(byte[] frame, FrameType type, long seq, long receivedAtNanos, DeliveryPath path, ByteBuf wire) {

    static Outbound control(FrameType type, byte[] frame) {
        return new Outbound(frame, type, 0, 0, DeliveryPath.LOCAL, null);
    }

    boolean isEvent() {
        return type == FrameType.EVENT;
    }
}
