package io.daisi.ws.bench;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import java.util.Map;

/** The last handler of a client pipeline: hands text frames, closes and failures to its {@link BenchSocket}. */
final class SocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final BenchSocket socket;
    private final boolean socketIo;

    SocketHandler(BenchSocket socket, boolean socketIo) {
        this.socket = socket;
        this.socketIo = socketIo;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame && socketIo) {
            long nowUs = Micros.now();
            Frame f = Frame.parseSocketIo(frame.content());
            switch (f.type()) {
                case "sio_open" -> ctx.writeAndFlush(new TextWebSocketFrame("40"));
                case "sio_ping" -> ctx.writeAndFlush(new TextWebSocketFrame("3"));
                default -> socket.onFrame(f, nowUs);
            }
        } else if (frame instanceof TextWebSocketFrame) {
            long nowUs = Micros.now();
            socket.onFrame(Frame.parse(frame.content()), nowUs);
        } else if (frame instanceof CloseWebSocketFrame close) {
            socket.onCloseFrame(close.statusCode());
            if (socket.closing()) {
                ctx.close();
            } else {
                // echo the server's close, as the protocol asks, then hang up
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            boundCumulation(ctx);
        }
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            socket.fail("handshake timeout");
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * A frame decoder keeps one buffer for the bytes it has not decoded yet, grows it in place
     * and, by default, moves the unread bytes to its start only every 16 reads. On a socket that
     * never stops receiving (a saturated fan-out) that buffer ratchets up by doubling, to 8 MiB
     * per socket, until the harness runs out of direct memory and drops its sockets
     * ({@code OutOfDirectMemoryError}). Compacting after every read keeps it within a few reads.
     */
    private static void boundCumulation(ChannelHandlerContext ctx) {
        for (Map.Entry<String, ChannelHandler> entry : ctx.pipeline()) {
            if (entry.getValue() instanceof WebSocketFrameDecoder && entry.getValue() instanceof ByteToMessageDecoder decoder) {
                decoder.setDiscardAfterReads(1);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        socket.onInactive();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        socket.fail(BenchSocket.describe(cause));
        ctx.close();
    }
}
