package io.daisi.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.WireFrameDecoding;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireFramesTest {

    /** Each length form of RFC 6455 (7-bit, 16-bit, 64-bit) and its edges, read back by Netty's client-side decoder. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 1 << 20})
    void aClientReadsTheMessageBackAtEveryLengthForm(int length) {
        byte[] message = new byte[length];
        Arrays.fill(message, (byte) 'x');
        if (length > 0) {
            message[length - 1] = '!';
        }
        ByteBuf wire = WireFrames.text(message);
        int header = wire.readableBytes() - length;
        assertThat(header).isEqualTo(length < 126 ? 2 : length <= 65_535 ? 4 : 10);

        TextWebSocketFrame frame = WireFrameDecoding.decode(wire.duplicate());
        try {
            assertThat(frame.content().toString(StandardCharsets.UTF_8)).isEqualTo(new String(message, StandardCharsets.UTF_8));
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 300})
    void oneFrameIsSharedByManyWritesAndReleasingADuplicateNeverFreesIt(int length) {
        ByteBuf wire = WireFrames.text(new byte[length]);
        int size = wire.readableBytes();
        for (int i = 0; i < 3; i++) {
            ByteBuf copy = wire.duplicate();
            copy.skipBytes(copy.readableBytes()); // as a socket write consumes it
            copy.release();
        }
        assertThat(wire.readableBytes()).isEqualTo(size);
        assertThat(wire.refCnt()).isPositive();
        TextWebSocketFrame frame = WireFrameDecoding.decode(wire.duplicate());
        assertThat(frame.content().readableBytes()).isEqualTo(length);
        frame.release();
    }
}
