package io.daisi.ws.transport;

import io.daisi.ws.observability.Metrics;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.SubjectTokens;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches each HTTP request to its endpoint; unknown paths get 404 and wrong methods 405, as JSON. */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final ReadinessEndpoint readiness;
    private final Metrics metrics;
    private final TokenEndpoints tokens;
    private final Optional<DevEventsEndpoint> devEvents;
    private final Optional<byte[]> demoPage;
    private final WebSocketEndpoint sockets;

    HttpRouter(ReadinessEndpoint readiness, Metrics metrics, TokenEndpoints tokens,
               Optional<DevEventsEndpoint> devEvents, Optional<byte[]> demoPage, WebSocketEndpoint sockets) {
        this.readiness = readiness;
        this.metrics = metrics;
        this.tokens = tokens;
        this.devEvents = devEvents;
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
        switch (path) {
            case "/health" -> {
                if (allow(ctx, request, HttpMethod.GET)) {
                    HttpResponses.json(ctx, request, 200, HEALTH);
                }
            }
            case "/ready" -> {
                if (allow(ctx, request, HttpMethod.GET)) {
                    readiness.respond(ctx, request);
                }
            }
            case "/metrics" -> {
                if (allow(ctx, request, HttpMethod.GET)) {
                    HttpResponses.send(ctx, request, 200, metrics.contentType(), metrics.scrape());
                }
            }
            case "/generate-token" -> {
                if (allow(ctx, request, HttpMethod.POST)) {
                    tokens.userToken(ctx, request);
                }
            }
            case "/admin/generate-token" -> {
                if (allow(ctx, request, HttpMethod.POST)) {
                    tokens.adminToken(ctx, request);
                }
            }
            case "/dev/events" -> {
                if (devEvents.isEmpty()) {
                    notFound(ctx, request);
                } else if (allow(ctx, request, HttpMethod.POST)) {
                    devEvents.get().publish(ctx, request);
                }
            }
            case "/", "/index.html" -> {
                if (demoPage.isEmpty()) {
                    notFound(ctx, request);
                } else if (allow(ctx, request, HttpMethod.GET)) {
                    HttpResponses.send(ctx, request, 200, "text/html; charset=utf-8", demoPage.get());
                }
            }
            case "/ws/admin" -> {
                if (allow(ctx, request, HttpMethod.GET)) {
                    sockets.open(ctx, request, new SocketTarget.Admin());
                }
            }
            default -> {
                Optional<SocketTarget.User> user = userSocket(path);
                if (user.isPresent()) {
                    if (allow(ctx, request, HttpMethod.GET)) {
                        sockets.open(ctx, request, user.get());
                    }
                } else if (path.startsWith("/ws/")) {
                    sockets.refuse(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST,
                            "Socket path must be /ws/{company}/{agent} with ids free of '.', '*', '>' and spaces"));
                } else {
                    notFound(ctx, request);
                }
            }
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection failed: {}", cause.toString());
        ctx.close();
    }
}
