package io.daisi.ws.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket's one pipeline stage once the handshake is done (RFC 6455, no compression): Netty's
 * frame decoder, which hands each decoded frame to {@link ClientFrames} in place instead of down
 * the pipeline, and the frame encoder for what the socket writes. Netty's handshake would leave a
 * decoder, an encoder and our handler: three stages, each a context and a handler held for as
 * long as the socket is open (about 150 bytes more per socket, docs/BENCHMARKS.md). Events'
 * shared frames are already encoded: {@link SocketWriter} writes them from this stage's context,
 * past the encoding.
 */
final class ClientFrameCodec extends WebSocket13FrameDecoder implements WebSocketFrameEncoder {
    /** Netty's server-side (unmasked) encoder, which keeps no state per channel: one for every socket. */
    private static final FrameEncoder ENCODER = new FrameEncoder();

    private final ClientFrames frames;

    ClientFrameCodec(WebSocketDecoderConfig config, ClientFrames frames) {
        super(config);
        this.frames = frames;
    }

    /**
     * What Netty's handshake adds as the encoder stage when the socket gets this codec: it removes
     * itself as soon as it is added, since the codec encodes (the handshake response, already
     * bytes, passes the codec untouched).
     */
    static WebSocketFrameEncoder encoderPlaceholder() {
        return Placeholder.INSTANCE;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int before = out.size();
        super.decode(ctx, in, out);
        while (out.size() > before) {
            WebSocketFrame frame = (WebSocketFrame) out.remove(before);
            try {
                frames.onFrame(ctx, frame);
            } finally {
                frame.release();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        frames.onWritabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            frames.onClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        frames.onException(cause);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.write(msg, promise);
            return;
        }
        List<Object> parts = new ArrayList<>(2);
        try {
            ENCODER.encodeFrame(ctx, frame, parts);
        } catch (Exception e) {
            parts.forEach(ReferenceCountUtil::release);
            promise.tryFailure(e instanceof EncoderException encoder ? encoder : new EncoderException(e));
            return;
        } finally {
            frame.release();
        }
        if (parts.size() == 1 || promise.isVoid()) {
            parts.forEach(part -> ctx.write(part, promise));
        } else {
            // a large frame: its header and its payload, written without a copy
            PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
            parts.forEach(part -> combiner.add(ctx.write(part)));
            combiner.finish(promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress local, ChannelPromise promise) {
        ctx.bind(local, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        ctx.connect(remote, local, promise);
    }

    private static final class FrameEncoder extends WebSocket13FrameEncoder {
        FrameEncoder() {
            super(false);
        }

        void encodeFrame(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) throws Exception {
            encode(ctx, frame, out);
        }
    }

    @ChannelHandler.Sharable
    private static final class Placeholder extends ChannelOutboundHandlerAdapter implements WebSocketFrameEncoder {
        static final Placeholder INSTANCE = new Placeholder();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().remove(this);
        }
    }
}
