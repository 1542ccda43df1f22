package io.daisi.ws.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Netty WebSocket clients (NIO) on a small shared event-loop group, subprotocol {@code json.v1}. */
final class WsClient implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final long handshakeTimeoutMillis;
    private final String bind;
    private final boolean socketIo;

    WsClient(int threads, long handshakeTimeoutMillis) {
        this(threads, handshakeTimeoutMillis, "", false);
    }

    /** {@code bind}: the local (source) address, e.g. 127.0.0.2, so several processes can each use a port range; empty for any. */
    WsClient(int threads, long handshakeTimeoutMillis, String bind, boolean socketIo) {
        this.bind = bind;
        this.socketIo = socketIo;
        // epoll where there is one: the harness shares the machine with what it measures, and
        // NIO's selector costs it more CPU per frame read (a third of its samples were reads)
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) handshakeTimeoutMillis);
    }

    /** Starts connecting; the outcome shows in {@code socket.ready}. */
    void connect(URI uri, BenchSocket socket) {
        // The harness reads frames itself: no UTF-8 validation (a fifth of its CPU at 100k frames/s),
        // no automatic close frames (it sends and echoes them itself).
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(socketIo ? URI.create(uri + "&EIO=4&transport=websocket") : uri)
                .subprotocol(socketIo ? null : "json.v1").version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME_BYTES).handshakeTimeoutMillis(handshakeTimeoutMillis)
                .handleCloseFrames(false).sendCloseFrame(null).dropPongFrames(true).withUTF8Validator(false)
                .build();
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(config),
                        new WebSocketFrameAggregator(MAX_FRAME_BYTES), new SocketHandler(socket, socketIo));
            }
        }).connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()),
                bind.isEmpty() ? null : new java.net.InetSocketAddress(bind, 0));
        socket.connecting(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                socket.fail(BenchSocket.describe(done.cause()));
            }
        });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
