package io.daisi.ws.transport;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pipeline of a new connection while it speaks HTTP: TLS when configured, idle timeout, codec,
 * a 64 KiB body limit answered with a JSON 413, optional permessage-deflate
 * negotiation, and the router. The upgrade replaces the HTTP-only parts.
 */
final class HttpPipeline extends ChannelInitializer<SocketChannel> {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String IDLE = "http-idle";
    static final String ROUTER = "router";

    static final String TLS = "tls";

    private final Optional<SslContext> tls;
    private final Supplier<AppConfig> app;
    private final Supplier<ChannelHandler> router;

    HttpPipeline(Optional<SslContext> tls, Supplier<AppConfig> app, Supplier<ChannelHandler> router) {
        this.tls = tls;
        this.app = app;
        this.router = router;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        AppConfig config = app.get();
        ChannelPipeline p = channel.pipeline();
        // first, and never removed: with HTTPS on, every byte of every endpoint and socket is TLS;
        // a client speaking plain HTTP fails the handshake and is closed without a response
        tls.ifPresent(context -> p.addLast(TLS, context.newHandler(channel.alloc())));
        p.addLast(IDLE, new HttpIdleClose(config.idleTimeoutSeconds()));
        p.addLast("http-codec", new HttpServerCodec(8192, 16 * 1024, 8192));
        p.addLast("http-aggregator", new JsonTooLargeAggregator());
        compression(config).ifPresent(handshaker -> p.addLast("ws-extensions", new WebSocketServerExtensionHandler(handshaker)));
        p.addLast(ROUTER, router.get());
    }

    static void removeHttpOnlyHandlers(ChannelPipeline p) {
        if (p.get(IDLE) != null) {
            p.remove(IDLE);
        }
        if (p.get(ROUTER) != null) {
            p.remove(ROUTER);
        }
    }

    private static java.util.Optional<PerMessageDeflateServerExtensionHandshaker> compression(AppConfig config) {
        String mode = config.websocketCompressionMode();
        if ("disabled".equals(mode)) {
            return java.util.Optional.empty();
        }
        boolean noContext = "no_context_takeover".equals(mode);
        int threshold = config.websocketCompressionThreshold();
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return frame -> frame.content().readableBytes() < threshold;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        return java.util.Optional.of(new PerMessageDeflateServerExtensionHandshaker(
                6, false, PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                noContext, noContext, filters, config.maxFrameBytes()));
    }

    /** Closes HTTP connections (not sockets: this handler is removed at upgrade) idle for the configured time. */
    private static final class HttpIdleClose extends IdleStateHandler {
        HttpIdleClose(int idleSeconds) {
            super(0, 0, idleSeconds);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            ctx.close();
        }
    }

    /** Bodies over 64 KiB get 413 with the JSON error body instead of Netty's empty one. */
    private static final class JsonTooLargeAggregator extends HttpObjectAggregator {
        JsonTooLargeAggregator() {
            super(MAX_BODY_BYTES);
        }

        /**
         * A request that announces an oversized body with {@code Expect: 100-continue} is answered
         * before its body is sent: with the same 413 JSON error as one that sends the body.
         */
        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof HttpResponse response
                    && response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
                ReferenceCountUtil.release(answer);
                FullHttpResponse json = HttpResponses.errorResponse(tooLarge());
                HttpUtil.setKeepAlive(json, HttpUtil.isKeepAlive(start));
                return json;
            }
            return answer;
        }

        private static ErrorBody tooLarge() {
            return ErrorBody.of(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large", "at most " + MAX_BODY_BYTES + " bytes");
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            // For keep-alive requests the connection stays open and the aggregator discards the rest of
            // the body; closing while the client still sends would reset the connection and lose the response.
            HttpRequest request = oversized instanceof HttpRequest r && !HttpUtil.is100ContinueExpected(r) ? r : null;
            HttpResponses.error(ctx, request, tooLarge());
        }
    }
}
