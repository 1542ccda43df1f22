package io.daisi.ws.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

/** Reads server frame bytes the way a client does, with Netty's own RFC 6455 decoder (unmasked frames). */
public final class WireFrameDecoding {
    private WireFrameDecoding() {
    }

    /** The single text frame that {@code wire} holds (consumed); fails when it is anything else. */
    public static TextWebSocketFrame decode(ByteBuf wire) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).allowMaskMismatch(false).maxFramePayloadLength(16 << 20).build()));
        try {
            client.writeInbound(wire);
            Object frame = client.readInbound();
            if (!(frame instanceof TextWebSocketFrame text) || !text.isFinalFragment()) {
                throw new AssertionError("not one final text frame: " + frame);
            }
            if (client.readInbound() != null) {
                throw new AssertionError("more than one frame");
            }
            return text;
        } finally {
            client.finishAndReleaseAll();
        }
    }
}
