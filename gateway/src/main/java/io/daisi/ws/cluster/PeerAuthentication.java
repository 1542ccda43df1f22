package io.daisi.ws.cluster;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared peer token of SPEC §7 ({@code server.peer_auth_token}) as gRPC metadata
 * {@code authorization: Bearer <token>}. The server side is installed on the whole server, not
 * per service, so every rpc added later is covered too; only {@code grpc.health.v1} is exempt, so
 * probes and peers' health checks need no secret.
 */
final class PeerAuthentication {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";
    private static final String HEALTH_SERVICE = HealthGrpc.SERVICE_NAME;

    private PeerAuthentication() {
    }

    /** Refuses, with {@code UNAUTHENTICATED} and before any message is read, every call without the token. */
    static ServerInterceptor serverInterceptor(String token) {
        byte[] expected = (BEARER + token).getBytes(StandardCharsets.UTF_8);
        return new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                         ServerCallHandler<ReqT, RespT> next) {
                if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())
                        || matches(expected, headers.get(AUTHORIZATION))) {
                    return next.startCall(call, headers);
                }
                // the description names the problem, never what was sent
                call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong peer token"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        };
    }

    /** Adds the token to every call on the channel it is installed on. */
    static ClientInterceptor clientInterceptor(String token) {
        String value = BEARER + token;
        return new ClientInterceptor() {
            @Override
            public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                                       CallOptions options, Channel next) {
                return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<RespT> listener, Metadata headers) {
                        headers.put(AUTHORIZATION, value);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    /** Constant time in the length of what was sent, so timing reveals nothing of the token. */
    private static boolean matches(byte[] expected, String sent) {
        return sent != null && MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8));
    }
}
