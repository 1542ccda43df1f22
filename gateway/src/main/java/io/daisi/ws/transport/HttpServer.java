package io.daisi.ws.transport;

import io.daisi.ws.config.AppConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty server for HTTP and WebSocket: epoll when available, NIO otherwise. */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private Channel serverChannel;

    public HttpServer() {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(0, factory);
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        log.info("network transport: {}", epoll ? "epoll" : "nio");
    }

    private static final FixedRecvByteBufAllocator READS = new FixedRecvByteBufAllocator(2048);

    /** Binds a plain-HTTP server and returns the bound port (useful when configured as 0). */
    int start(String bindAddress, int port, Supplier<AppConfig> app, Supplier<ChannelHandler> router)
            throws InterruptedException {
        return start(bindAddress, port, Optional.empty(), app, router);
    }

    /** Binds, serving HTTPS and wss:// only when {@code tls} is given, and returns the bound port. */
    int start(String bindAddress, int port, Optional<SslContext> tls, Supplier<AppConfig> app,
              Supplier<ChannelHandler> router) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Small water marks: beyond them a socket's frames wait in its own bounded queue.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                // One read-size policy for every socket: Netty's default gives each channel its own
                // adaptive one (about 80 bytes a socket, held while it is open). Clients send small
                // frames; longer requests simply take more reads of this size.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .childHandler(new HttpPipeline(tls, app, router));
        serverChannel = bootstrap.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting; open sockets stay until {@link #close()}. */
    void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
