package io.daisi.ws.transport;

import io.daisi.ws.auth.AdminClaims;
import io.daisi.ws.auth.ApiKeyCheck;
import io.daisi.ws.auth.AuthFailure;
import io.daisi.ws.auth.AuthResult;
import io.daisi.ws.auth.Authenticator;
import io.daisi.ws.auth.UserClaims;
import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.events.EventStream;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.observability.LogContext;
import io.daisi.ws.observability.RequestIds;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.routing.AdminScope;
import io.daisi.ws.routing.SubscriptionIndex;
import io.daisi.ws.session.Admission;
import io.daisi.ws.session.LocalSessions;
import io.daisi.ws.session.SessionAdmission;
import io.daisi.ws.session.UserType;
import io.daisi.ws.store.StoreUnavailableException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws/{company}/{agent}} and {@code /ws/admin}: everything that decides
 * whether a socket may open happens here, before the upgrade — origin, API key,
 * token (and path = token), per-IP and pod connection limits, the exclusive session — then the
 * upgrade, the subscriptions, and "ready".
 */
final class WebSocketEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);
    /** What a channel that asked for a socket holds until it closes (see {@link #perIpRefusal}). */
    private static final AttributeKey<SocketSlot> SLOT = AttributeKey.valueOf("daisi-ws.socket-slot");

    private final LiveConfig config;
    private final Authenticator authenticator;
    private final SessionAdmission admission;
    private final LocalSessions sessions;
    private final SubscriptionIndex index;
    private final LastMessageStore lastMessages;
    private final EventStream stream;
    private final ConnectionRegistry registry;
    private final TransportMetrics metrics;
    private final Clock clock;
    private final WebSocketHandshakes handshakes;
    private final PerIpLimits perIp;
    private final ClientAddresses clientAddresses = new ClientAddresses();
    /** {@code app.recovery_max_events}, read live by every socket. */
    private final IntSupplier recoveryMaxEvents;
    /** The per-socket settings of the config in force: one instance shared until the config changes. */
    private final PerSource<AppConfig, ConnectionSettings> settings = new PerSource<>(ConnectionSettings::from);

    WebSocketEndpoint(LiveConfig config, Authenticator authenticator, SessionAdmission admission,
                      LocalSessions sessions, SubscriptionIndex index, LastMessageStore lastMessages,
                      EventStream stream, ConnectionRegistry registry, TransportMetrics metrics, Clock clock) {
        this.config = config;
        this.authenticator = authenticator;
        this.admission = admission;
        this.sessions = sessions;
        this.index = index;
        this.lastMessages = lastMessages;
        this.stream = stream;
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.perIp = new PerIpLimits(clock);
        this.handshakes = new WebSocketHandshakes(() -> config.current().app());
        this.recoveryMaxEvents = () -> config.current().app().recoveryMaxEvents();
    }

    /** Outcome of the checks that need no I/O, then of the token check. */
    private sealed interface Decision {
        record Refuse(ErrorBody error) implements Decision {
        }

        /** {@code fence}: the session admission's (see {@code KillNotice}); 0 until admitted. */
        record Accept(ConnectionIdentity identity, long fence) implements Decision {
            Accept(ConnectionIdentity identity) {
                this(identity, 0);
            }
        }
    }

    void open(ChannelHandlerContext ctx, FullHttpRequest request, SocketTarget target) {
        AppConfig app = config.current().app();
        String requestId = RequestIds.orGenerate(request.headers().get("X-Request-ID"));
        QueryParams query = new QueryParams(request.uri());
        // per-IP limits first: they are there to stop floods, including floods of bad keys and tokens
        Optional<ErrorBody> limited = perIpRefusal(ctx, request, app);
        if (limited.isPresent()) {
            refuse(ctx, request, limited.get());
            return;
        }
        Optional<ErrorBody> early = earlyRefusal(request, query, app);
        if (early.isPresent()) {
            refuse(ctx, request, early.get());
            return;
        }
        String token = query.first("token").orElse("");
        if (token.isEmpty()) {
            metrics.authFailed(userType(target), AuthFailure.MISSING);
            refuse(ctx, request, ErrorBody.of(ErrorCode.INVALID_TOKEN, "Missing token"));
            return;
        }
        if (!WebSocketHandshakes.isUpgrade(request)) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST, "Expected a WebSocket upgrade request"));
            return;
        }
        if (registry.isDraining()) {
            refuse(ctx, request, ErrorBody.of(ErrorCode.SERVICE_UNAVAILABLE, "Server shutting down; connect again"));
            return;
        }
        if (!registry.reserve(app.maxConnections())) {
            refuse(ctx, request, ErrorBody.of(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many connections"));
            return;
        }
        request.retain();
        ctx.channel().config().setAutoRead(false);
        authenticate(target, token)
                .thenCompose(decision -> decision instanceof Decision.Accept accept
                        ? admission.admit(accept.identity().sessionKey()).thenApply(a -> admitted(accept, a))
                        : CompletableFuture.completedFuture(decision))
                .whenComplete((decision, failure) -> ctx.executor().execute(() -> {
                    try (LogContext ignored = LogContext.with("request_id", requestId)) {
                        proceed(ctx, request, decision, failure, requestId);
                    } catch (RuntimeException e) {
                        log.error("socket admission failed", e);
                        ctx.channel().close();
                    } finally {
                        request.release();
                        ctx.channel().config().setAutoRead(true);
                    }
                }));
    }

    /**
     * {@code app.handshakes_per_second_per_ip}, then {@code app.max_connections_per_ip}: a
     * connection takes one slot of its client's IP, the first time it asks for a socket, and gives
     * it back when it closes (refused or not), so every exit path frees it.
     */
    private Optional<ErrorBody> perIpRefusal(ChannelHandlerContext ctx, FullHttpRequest request, AppConfig app) {
        String client = clientAddresses.clientOf(ctx.channel().remoteAddress(),
                request.headers().getAll("X-Forwarded-For"), app.trustedProxies());
        if (!perIp.tryHandshake(client, app.handshakesPerSecondPerIp())) {
            return Optional.of(ErrorBody.of(ErrorCode.RATE_LIMIT_EXCEEDED,
                    "Too many connection attempts from this address; slow down"));
        }
        if (ctx.channel().hasAttr(SLOT)) {
            return Optional.empty();
        }
        if (!perIp.tryOpen(client, app.maxConnectionsPerIp())) {
            return Optional.of(ErrorBody.of(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many connections from this address"));
        }
        // interned: behind a proxy that is not trusted, every socket has the proxy's address
        SocketSlot slot = new SocketSlot(this, client.intern());
        ctx.channel().attr(SLOT).set(slot);
        ctx.channel().closeFuture().addListener(slot);
        return Optional.empty();
    }

    private Optional<ErrorBody> earlyRefusal(FullHttpRequest request, QueryParams query, AppConfig app) {
        if (!app.allowedOrigins().isEmpty()) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin == null || !app.allowedOrigins().contains(origin)) {
                return Optional.of(ErrorBody.of(ErrorCode.ORIGIN_NOT_ALLOWED, "Origin not allowed"));
            }
        }
        String presented = ApiKeys.fromHeaderOrQuery(request, query).orElse("");
        if (!ApiKeyCheck.matches(config.current().auth().secretToken(), presented)) {
            return Optional.of(ErrorBody.of(ErrorCode.INVALID_API_KEY, "Invalid or missing API key"));
        }
        try {
            SinceParameter.parse(query);
        } catch (IllegalArgumentException e) {
            return Optional.of(ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid since", e.getMessage()));
        }
        return Optional.empty();
    }

    private CompletionStage<Decision> authenticate(SocketTarget target, String token) {
        return switch (target) {
            case SocketTarget.User user -> authenticator.authenticateUser(token).thenApply(result -> switch (result) {
                case AuthResult.Valid<UserClaims> valid -> matchPath(user, valid.claims());
                case AuthResult.Invalid<UserClaims> invalid -> invalidToken(UserType.USER, invalid.reason());
            });
            case SocketTarget.Admin admin -> authenticator.authenticateAdmin(token).thenApply(result -> switch (result) {
                case AuthResult.Valid<AdminClaims> valid -> {
                    metrics.authSucceeded(UserType.ADMIN);
                    AdminClaims c = valid.claims();
                    yield new Decision.Accept(new ConnectionIdentity.Admin(c.adminId(),
                            new AdminScope(c.scopeCompany(), c.subscribedAgentId())));
                }
                case AuthResult.Invalid<AdminClaims> invalid -> invalidToken(UserType.ADMIN, invalid.reason());
            });
        };
    }

    private Decision matchPath(SocketTarget.User path, UserClaims claims) {
        if (!path.company().equals(claims.companyId()) || !path.agent().equals(claims.agentId())) {
            metrics.authPathMismatch();
            return new Decision.Refuse(ErrorBody.of(ErrorCode.INVALID_TOKEN,
                    "Token does not match the requested company and agent"));
        }
        metrics.authSucceeded(UserType.USER);
        return new Decision.Accept(new ConnectionIdentity.User(claims.companyId(), claims.agentId(), claims.userId()));
    }

    private Decision invalidToken(UserType type, AuthFailure reason) {
        metrics.authFailed(type, reason);
        return new Decision.Refuse(ErrorBody.of(ErrorCode.INVALID_TOKEN, "Invalid or expired token"));
    }

    private static Decision admitted(Decision.Accept accept, Admission admission) {
        return switch (admission) {
            case Admission.Granted granted -> new Decision.Accept(accept.identity(), granted.fence());
            case Admission.Degraded degraded -> new Decision.Accept(accept.identity(), degraded.fence());
            case Admission.Unavailable unavailable -> new Decision.Refuse(ErrorBody.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "Session store unavailable; try again shortly", unavailable.reason()));
        };
    }

    private void proceed(ChannelHandlerContext ctx, FullHttpRequest request, Decision decision, Throwable failure,
                         String requestId) {
        if (failure != null) {
            registry.cancelReservation();
            log.error("socket admission failed", failure);
            refuse(ctx, request, ErrorBody.of(ErrorCode.INTERNAL_SERVER_ERROR, "Internal error"));
            return;
        }
        switch (decision) {
            case Decision.Refuse refuse -> {
                registry.cancelReservation();
                refuse(ctx, request, refuse.error());
            }
            case Decision.Accept accept -> upgrade(ctx, request, accept.identity(), accept.fence(), requestId);
        }
    }

    /**
     * The socket is admitted: join the subscription index and wait for its routes
     * (events arriving meanwhile are held), then upgrade and send "ready".
     */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, ConnectionIdentity identity, long fence,
                         String requestId) {
        WebSocketServerHandshaker handshaker = ctx.channel().isActive() ? handshakes.newHandshaker(request) : null;
        if (handshaker == null) {
            // The client left, or asked for a WebSocket version we don't speak: give back what admission took.
            registry.cancelReservation();
            sessions.releaseIfNotHeld(identity.sessionKey());
            if (ctx.channel().isActive()) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            }
            return;
        }
        AppConfig app = config.current().app();
        OptionalLong since = SinceParameter.parse(new QueryParams(request.uri()));
        SocketSubscriptions subscriptions = new SocketSubscriptions(identity, index, lastMessages, since);
        ClientConnection connection = new ClientConnection(ctx.channel(), identity, requestId,
                settings.of(app), metrics.sockets(), clock, stream.history(), subscriptions,
                recoveryMaxEvents);
        // read before joining: every event up to it was handed out before this socket could get it
        connection.start(since, stream.floor().lastRead());
        registry.add(connection);
        ctx.channel().attr(SLOT).get().admitted(connection, subscriptions);
        request.retain();
        subscriptions.join(connection).whenComplete((joined, failure) -> ctx.executor().execute(() -> {
            try {
                boolean storeDown = failure != null && StoreUnavailableException.isCause(failure);
                boolean degraded = storeDown && app.allowDegradedSessions();
                if (degraded) {
                    // the renewal loop registers the routes once the store is back
                    log.warn("routes could not be registered (store unavailable); admitting the socket degraded");
                }
                if (failure != null && !degraded) {
                    log.warn("routes could not be registered; refusing the socket: {}", failure.toString());
                    subscriptions.leave();
                    refuse(ctx, request, storeDown
                            ? ErrorBody.of(ErrorCode.SERVICE_UNAVAILABLE, "Session store unavailable; try again shortly")
                            : ErrorBody.of(ErrorCode.SUBSCRIPTION_FAILURE,
                                    "Event delivery could not be set up; try again shortly"));
                } else if (ctx.channel().isActive()) {
                    handshake(ctx, request, handshaker, connection, subscriptions, app, fence);
                }
            } finally {
                request.release();
            }
        }));
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, WebSocketServerHandshaker handshaker,
                           ClientConnection connection, SocketSubscriptions subscriptions, AppConfig app,
                           long fence) {
        ChannelPipeline pipeline = ctx.pipeline();
        HttpPipeline.removeHttpOnlyHandlers(pipeline);
        // no more HTTP requests on this channel: the close listener alone holds the slot now
        ctx.channel().attr(SLOT).getAndRemove();
        // one stage decodes, encodes and handles the client's frames (or one handler after Netty's
        // decoder, when compression may be negotiated): it also joins fragments and checks UTF-8
        ClientFrames frames = new ClientFrames(connection, subscriptions, metrics);
        handshakes.forSocket(handshaker, request, pipeline, frames).handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                established(connection, subscriptions, fence);
            } else {
                ctx.channel().close();
            }
        });
    }

    private void established(ClientConnection connection, SocketSubscriptions subscriptions, long fence) {
        ConnectionIdentity identity = connection.identity();
        connection.markUpgraded();
        metrics.socketOpened(identity.type());
        sessions.register(identity.sessionKey(), connection, fence);
        // "ready" — after what a reconnecting client (?since=) missed
        connection.open();
        try (LogContext ignored = LogContext.with(connection.logFields())) {
            log.info("socket established on the {} endpoint", identity.type().label());
        }
    }

    /** The channel closed: the client's IP slot back, and the socket's clean-up if it was admitted. */
    void closed(SocketSlot slot) {
        perIp.closed(slot.client());
        if (slot.connection() != null) {
            closed(slot.connection(), slot.subscriptions());
        }
    }

    /** Runs once when the channel closes, whether or not the socket got as far as "ready". */
    private void closed(ClientConnection connection, SocketSubscriptions subscriptions) {
        registry.remove(connection);
        subscriptions.leave();
        ConnectionIdentity identity = connection.identity();
        if (!connection.isUpgraded()) {
            sessions.releaseIfNotHeld(identity.sessionKey());
            return;
        }
        sessions.unregister(identity.sessionKey(), connection);
        metrics.socketClosed(identity.type(), System.nanoTime() - connection.openedAtNanos());
        try (LogContext ignored = LogContext.with(connection.logFields())) {
            log.info("socket closed");
        }
    }

    /** Refuses a socket request in the way {@code app.handshake_errors} says. */
    void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ErrorBody error) {
        metrics.refused(error.code());
        boolean viaSocket = !"http".equals(config.current().app().handshakeErrors());
        UpgradeRefusal.refuse(ctx, request, error, viaSocket, handshakes);
    }

    private static UserType userType(SocketTarget target) {
        return target instanceof SocketTarget.Admin ? UserType.ADMIN : UserType.USER;
    }
}
