package io.daisi.ws.cluster;

import io.daisi.ws.observability.RequestIds;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * The request id in gRPC metadata. It is sent as {@code x-request-id} and also as
 * {@code request_id}, the key a reference pod reads; on receipt either is accepted, and a
 * fresh id is generated when neither is sane.
 */
final class RequestIdMetadata {
    static final Metadata.Key<String> X_REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> REFERENCE_KEY = Metadata.Key.of("request_id", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> CURRENT = Context.key("request_id");

    private RequestIdMetadata() {
    }

    static Metadata headers(String requestId) {
        Metadata headers = new Metadata();
        headers.put(X_REQUEST_ID, requestId);
        headers.put(REFERENCE_KEY, requestId);
        return headers;
    }

    /** The request id of the call being served; generated when there is no call context. */
    static String current() {
        String id = CURRENT.get();
        return id != null ? id : RequestIds.generate();
    }

    /** Puts each call's request id into its gRPC {@link Context}, where {@link #current()} finds it. */
    static ServerInterceptor serverInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                         ServerCallHandler<ReqT, RespT> next) {
                String sent = headers.get(X_REQUEST_ID);
                String id = RequestIds.orGenerate(sent != null ? sent : headers.get(REFERENCE_KEY));
                return Contexts.interceptCall(Context.current().withValue(CURRENT, id), call, headers, next);
            }
        };
    }
}
