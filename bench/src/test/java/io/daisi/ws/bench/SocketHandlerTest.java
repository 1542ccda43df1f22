package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SocketHandlerTest {

    private static final int READ_BYTES = 64 * 1024;
    private static final int READS_PER_BATCH = 16;
    private static final int READS = 20 * READS_PER_BATCH;

    /**
     * A saturated fan-out: every read is a full 64 KiB of frames, the last one cut short, in
     * batches of 16 reads as an event loop reads a socket that stays readable. The
     * decoder's buffer of undecoded bytes (the first read's buffer, grown in place) must stay within
     * a few reads: it reached 8 MiB per socket in a saturated run, and the harness ran out of direct
     * memory. Here it stays at 256 KiB.
     */
    @Test
    void keepsTheDecodersBufferNearOneReadOnASocketThatNeverStopsReceiving() {
        assertThat(largestDecoderBuffer(true)).isLessThanOrEqualTo(4 * READ_BYTES);
    }

    @Test
    void withoutTheHandshakeEventTheBufferGrowsWithEachBatch() {
        // the same stream with Netty's default (compaction every 16 reads): what the test above guards against
        assertThat(largestDecoderBuffer(false)).isGreaterThanOrEqualTo(16 * READ_BYTES);
    }

    private static int largestDecoderBuffer(boolean handshakeDone) {
        BenchSocket socket = new BenchSocket(new Target("c", "a", "u"), new Deliveries());
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20),
                new SocketHandler(socket, false));
        TrackingAllocator alloc = new TrackingAllocator();
        channel.config().setAllocator(alloc);
        if (handshakeDone) {
            channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        }
        byte[] stream = frames(READ_BYTES * READS / 600 + 1);
        // an event loop reads a ready socket up to 16 times before it reports the batch complete
        for (int read = 0; read < READS; read += READS_PER_BATCH) {
            Object[] batch = new Object[READS_PER_BATCH];
            for (int i = 0; i < READS_PER_BATCH; i++) {
                batch[i] = alloc.heapBuffer(READ_BYTES).writeBytes(stream, (read + i) * READ_BYTES, READ_BYTES);
            }
            channel.writeInbound(batch);
        }
        channel.finishAndReleaseAll();
        return alloc.largest;
    }

    /** Heap buffers that remember the largest array any of them held, growing in place included. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        int largest;

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
                @Override
                protected byte[] allocateArray(int capacity) {
                    largest = Math.max(largest, capacity);
                    return super.allocateArray(capacity);
                }
            };
        }
    }

    /** {@code count} unmasked text frames of 600 bytes, back to back, as a server sends them. */
    private static byte[] frames(int count) {
        byte[] payload = new byte[596];
        Arrays.fill(payload, (byte) ' ');
        byte[] json = "{\"type\":\"position\",\"position\":1}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(json, 0, payload, 0, json.length);
        ByteBuf out = Unpooled.buffer(count * 600);
        for (int i = 0; i < count; i++) {
            out.writeByte(0x81).writeByte(126).writeShort(payload.length).writeBytes(payload);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }
}
