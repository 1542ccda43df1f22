package io.daisi.ws.transport;

import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ServerFrames;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;

/**
 * Reports a refused socket the way a browser can read it (SPEC §4): complete the
 * upgrade, send one {@code error} message, close with the error's close code.
 * With {@code app.handshake_errors: http}, or for a request that is not an
 * upgrade at all, the HTTP status and JSON body are sent instead.
 */
final class UpgradeRefusal {
    private UpgradeRefusal() {
    }

    static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ErrorBody error, boolean viaSocket,
                       WebSocketHandshakes handshakes) {
        if (!viaSocket || !WebSocketHandshakes.isUpgrade(request)) {
            HttpResponses.error(ctx, request, error);
            return;
        }
        WebSocketServerHandshaker handshaker = handshakes.newHandshaker(request);
        if (handshaker == null) {
            HttpResponses.error(ctx, request, error);
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        HttpPipeline.removeHttpOnlyHandlers(pipeline);
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (!done.isSuccess()) {
                ctx.channel().close();
                return;
            }
            ctx.channel().write(new TextWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.error(error))));
            ctx.channel().writeAndFlush(new CloseWebSocketFrame(error.code().closeCode(), error.message()))
                    .addListener(ChannelFutureListener.CLOSE);
        });
    }
}
