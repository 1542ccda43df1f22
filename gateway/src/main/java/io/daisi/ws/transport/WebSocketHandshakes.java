package io.daisi.ws.transport;

import io.daisi.ws.config.AppConfig;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.function.Supplier;

/** Creates handshakers with the subprotocol and frame limits of the live config. */
final class WebSocketHandshakes {
    static final String SUBPROTOCOL = "json.v1";

    private final Supplier<AppConfig> app;

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
        // Frames may be larger than the message limit only while compressed; the aggregate
        // (decompressed) size is checked after the decoders.
        int maxFrame = Math.max(app.get().maxFrameBytes(), 1024);
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrame)
                .allowExtensions(true)
                .closeOnProtocolViolation(false)
                .withUTF8Validator(true)
                .build();
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        return new WebSocketServerHandshakerFactory(location, SUBPROTOCOL, decoder).newHandshaker(request);
    }
}
