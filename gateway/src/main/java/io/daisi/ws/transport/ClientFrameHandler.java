package io.daisi.ws.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The socket's stage after Netty's frame decoder, for the sockets {@link ClientFrameCodec} cannot
 * serve: those that negotiated compression (the extension's inflater sits between the decoder and
 * this stage) and those of an older WebSocket draft. It hands every frame to {@link ClientFrames}.
 */
final class ClientFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ClientFrames frames;

    ClientFrameHandler(ClientFrames frames) {
        this.frames = frames;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        frames.onFrame(ctx, frame);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        frames.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        frames.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        frames.onException(cause);
    }
}
