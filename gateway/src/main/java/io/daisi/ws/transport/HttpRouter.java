package io.daisi.ws.transport;

import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.SubjectTokens;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each HTTP request to its {@link HttpEndpoint}; unknown paths get 404 and wrong methods
 * 405, as JSON.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final HttpHeaders ANY_ORIGIN = new ReadOnlyHttpHeaders(false,
            HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");

    private final ReadinessEndpoint readiness;
    private final MetricsExposition metrics;
    private final TokenEndpoints tokens;
    private final Optional<DevEventsEndpoint> devEvents;
    private final Optional<DemoSettingsEndpoint> demoSettings;
    private final Optional<byte[]> demoPage;
    private final WebSocketEndpoint sockets;

    /** The demo settings come with the development endpoints: where {@code /dev/events} is, they are. */
    HttpRouter(ReadinessEndpoint readiness, MetricsExposition metrics, TokenEndpoints tokens,
               Optional<DevEventsEndpoint> devEvents, Optional<byte[]> demoPage, WebSocketEndpoint sockets) {
        this(readiness, metrics, tokens, devEvents, devEvents.map(DevEventsEndpoint::demoSettings), demoPage,
                sockets);
    }

    HttpRouter(ReadinessEndpoint readiness, MetricsExposition metrics, TokenEndpoints tokens,
               Optional<DevEventsEndpoint> devEvents, Optional<DemoSettingsEndpoint> demoSettings,
               Optional<byte[]> demoPage, WebSocketEndpoint sockets) {
        this.readiness = readiness;
        this.metrics = metrics;
        this.tokens = tokens;
        this.devEvents = devEvents;
        this.demoSettings = demoSettings;
        this.demoPage = demoPage;
        this.sockets = sockets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            HttpResponses.error(ctx, null, ErrorBody.of(ErrorCode.BAD_REQUEST, "Malformed HTTP request"));
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST, "Malformed request path"));
            return;
        }
        try {
            route(ctx, request, path);
        } catch (RuntimeException e) {
            log.error("request handling failed for {}", path, e);
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.INTERNAL_SERVER_ERROR, "Internal error"));
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        Optional<HttpEndpoint> exact = HttpEndpoint.exact(path);
        if (exact.isPresent()) {
            serve(ctx, request, exact.get());
            return;
        }
        Optional<SocketTarget.User> user = userSocket(path);
        if (user.isPresent()) {
            if (allow(ctx, request, HttpEndpoint.USER_SOCKET.method())) {
                sockets.open(ctx, request, user.get());
            }
        } else if (path.startsWith("/ws/")) {
            sockets.refuse(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST,
                    "Socket path must be /ws/{company}/{agent} with ids free of '.', '*', '>' and spaces"));
        } else {
            notFound(ctx, request);
        }
    }

    // An endpoint that is not available here (development endpoints in a production pod) is a 404
    // whatever the method, as if it did not exist.
    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, HttpEndpoint endpoint) {
        Optional<Runnable> handler = switch (endpoint) {
            case HEALTH -> Optional.of(() -> HttpResponses.json(ctx, request, 200, HEALTH));
            case READY -> Optional.of(() -> readiness.respond(ctx, request));
            case METRICS -> Optional.of(() -> HttpResponses.send(ctx, request, 200, metrics.contentType(),
                    metrics.scrape()));
            case USER_TOKEN -> Optional.of(() -> tokens.userToken(ctx, request));
            case ADMIN_TOKEN -> Optional.of(() -> tokens.adminToken(ctx, request));
            case DEV_EVENTS -> devEvents.map(dev -> () -> dev.publish(ctx, request));
            case DEMO_SETTINGS -> demoSettings.map(settings -> () -> settings.respond(ctx, request));
            case DEMO_PAGE, DEMO_PAGE_ALIAS -> demoPage.map(page -> () ->
                    HttpResponses.send(ctx, request, 200, "text/html; charset=utf-8", page));
            case CLIENT_LIBRARY -> ClientLibrary.source().map(source -> () ->
                    HttpResponses.send(ctx, request, 200, ClientLibrary.CONTENT_TYPE, source, ANY_ORIGIN));
            case ADMIN_SOCKET -> Optional.of(() -> sockets.open(ctx, request, new SocketTarget.Admin()));
            case USER_SOCKET -> Optional.empty(); // never an exact path: see route()
        };
        if (handler.isEmpty()) {
            notFound(ctx, request);
        } else if (allow(ctx, request, endpoint.method())) {
            handler.get().run();
        }
    }

    private static Optional<SocketTarget.User> userSocket(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("ws")
                && SubjectTokens.isValidToken(parts[2]) && SubjectTokens.isValidToken(parts[3])) {
            return Optional.of(new SocketTarget.User(parts[2], parts[3]));
        }
        return Optional.empty();
    }

    private static boolean allow(ChannelHandlerContext ctx, FullHttpRequest request, HttpMethod expected) {
        if (expected.equals(request.method())) {
            return true;
        }
        HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed",
                "Only " + expected.name() + " is allowed."));
        return false;
    }

    private static void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.NOT_FOUND, "Not found"));
    }

    /**
     * A peer's reset, early close or undecodable bytes end the connection quietly; anything else
     * is a fault of ours that drops a client's request without an answer, so it is logged where
     * it can be seen.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException
                || cause instanceof PrematureChannelClosureException) {
            log.debug("HTTP connection failed: {}", cause.toString());
        } else {
            log.warn("HTTP connection closed after an unexpected error", cause);
        }
        ctx.close();
    }
}
