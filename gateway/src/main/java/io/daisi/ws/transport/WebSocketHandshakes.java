package io.daisi.ws.transport;

import io.daisi.ws.config.AppConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import java.util.function.Supplier;

/** Creates handshakers with the subprotocol and frame limits of the live config. */
final class WebSocketHandshakes {
    static final String SUBPROTOCOL = "json.v1";

    private final Supplier<AppConfig> app;
    /** The decoder settings of one config, shared by every socket opened under it. */
    private final PerSource<AppConfig, WebSocketDecoderConfig> decoder =
            new PerSource<>(WebSocketHandshakes::decoderConfig);

    WebSocketHandshakes(Supplier<AppConfig> app) {
        this.app = app;
    }

    static boolean isUpgrade(FullHttpRequest request) {
        return HttpMethod.GET.equals(request.method())
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    }

    /** A handshaker for the request's WebSocket version, or null when the version is unsupported. */
    WebSocketServerHandshaker newHandshaker(FullHttpRequest request) {
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        return new WebSocketServerHandshakerFactory(location, SUBPROTOCOL, decoder.of(app.get())).newHandshaker(request);
    }

    /**
     * The handshaker that gives an admitted socket its frame stages: for an RFC 6455 socket that
     * cannot negotiate compression (none configured, or none offered), one {@link ClientFrameCodec};
     * otherwise Netty's decoder and encoder (and the extension's, once negotiated) with a
     * {@link ClientFrameHandler} after them, added here.
     */
    WebSocketServerHandshaker forSocket(WebSocketServerHandshaker handshaker, FullHttpRequest request,
                                        ChannelPipeline pipeline, ClientFrames frames) {
        boolean mayCompress = pipeline.get(WebSocketServerExtensionHandler.class) != null
                && request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (handshaker instanceof WebSocketServerHandshaker13 && !mayCompress) {
            return new OneStage(handshaker, frames);
        }
        pipeline.addLast("ws-client", new ClientFrameHandler(frames));
        return handshaker;
    }

    /** Netty's RFC 6455 handshake, leaving {@link ClientFrameCodec} as the socket's one stage. */
    private static final class OneStage extends WebSocketServerHandshaker13 {
        private final ClientFrames frames;

        OneStage(WebSocketServerHandshaker negotiated, ClientFrames frames) {
            super(negotiated.uri(), SUBPROTOCOL, negotiated.decoderConfig());
            this.frames = frames;
        }

        @Override
        protected WebSocketFrameDecoder newWebsocketDecoder() {
            return new ClientFrameCodec(decoderConfig(), frames);
        }

        @Override
        protected WebSocketFrameEncoder newWebSocketEncoder() {
            return ClientFrameCodec.encoderPlaceholder();
        }
    }

    private static WebSocketDecoderConfig decoderConfig(AppConfig app) {
        // Frames may be larger than the message limit only while compressed; the whole
        // (decompressed) message's size is checked by ClientFrames. UTF-8 is checked
        // there too: the decoder's own flag acts only through WebSocketServerProtocolHandler.
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(Math.max(app.maxFrameBytes(), 1024))
                .allowExtensions(true)
                .closeOnProtocolViolation(false)
                .build();
    }
}
