package io.daisi.ws.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * A server text message as it goes on the wire: an unmasked, final WebSocket text frame
 * (RFC 6455 §5.2) around the message bytes. A server's frames are never masked, so the bytes are the
 * same for every socket: an event's frame is encoded once and each socket writes a duplicate of it,
 * with no per-socket allocation, copy or encoder pass.
 */
public final class WireFrames {
    private static final int FIN_TEXT = 0x81;

    private WireFrames() {
    }

    /**
     * The frame in direct memory that the garbage collector owns, wrapped so that release is a
     * no-op: it can be shared by any number of writes; callers write {@code duplicate()}s so that
     * each keeps its own reader index.
     */
    public static ByteBuf text(byte[] message) {
        int n = message.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuffer out = ByteBuffer.allocateDirect(header + n);
        out.put((byte) FIN_TEXT);
        if (n < 126) {
            out.put((byte) n);
        } else if (n <= 0xFFFF) {
            out.put((byte) 126).putShort((short) n);
        } else {
            out.put((byte) 127).putLong(n);
        }
        out.put(message).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(out));
    }
}
