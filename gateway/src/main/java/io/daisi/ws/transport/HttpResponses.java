package io.daisi.ws.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.Json;
import io.daisi.ws.protocol.ServerFrames;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Writes complete HTTP responses, honouring keep-alive. */
final class HttpResponses {
    static final String JSON = "application/json";

    private HttpResponses() {
    }

    static void json(ChannelHandlerContext ctx, HttpRequest request, int status, byte[] body) {
        send(ctx, request, status, JSON, body);
    }

    /** Serialises {@code body} (a map or record of plain values) as the JSON response. */
    static void json(ChannelHandlerContext ctx, HttpRequest request, int status, Object body) {
        try {
            json(ctx, request, status, Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body not serialisable", e);
        }
    }

    static void error(ChannelHandlerContext ctx, HttpRequest request, ErrorBody error) {
        send(ctx, request, error.code().httpStatus(), JSON, ServerFrames.errorBody(error));
    }

    /** The error as a response object, for handlers that write it themselves (the aggregator's 100-continue answer). */
    static FullHttpResponse errorResponse(ErrorBody error) {
        return response(error.code().httpStatus(), JSON, ServerFrames.errorBody(error));
    }

    static void send(ChannelHandlerContext ctx, HttpRequest request, int status, String contentType, byte[] body) {
        send(ctx, request, status, contentType, body, EmptyHttpHeaders.INSTANCE);
    }

    /** As {@link #send(ChannelHandlerContext, HttpRequest, int, String, byte[])}, with {@code extra} headers added. */
    static void send(ChannelHandlerContext ctx, HttpRequest request, int status, String contentType, byte[] body,
                     HttpHeaders extra) {
        FullHttpResponse response = response(status, contentType, body);
        response.headers().add(extra);
        boolean keepAlive = request != null && HttpUtil.isKeepAlive(request) && status < 500;
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(int status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }
}
