package io.daisi.ws;

import io.daisi.ws.auth.Authenticator;
import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.auth.TokenKey;
import io.daisi.ws.cluster.ClusterPeering;
import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.DevelopmentKeys;
import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.events.DispatchedFloor;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.events.EventStream;
import io.daisi.ws.events.EventPublisher;
import io.daisi.ws.events.InProcessEventBus;
import io.daisi.ws.events.LastMessageStore;
import io.daisi.ws.events.jetstream.JetStreamEventSource;
import io.daisi.ws.observability.DependencyCheck;
import io.daisi.ws.observability.LogRedaction;
import io.daisi.ws.observability.Metrics;
import io.daisi.ws.renewal.AdaptiveTtl;
import io.daisi.ws.renewal.RenewalLoop;
import io.daisi.ws.routing.ClusterEventRouter;
import io.daisi.ws.routing.EventRouter;
import io.daisi.ws.routing.HeartbeatRenewal;
import io.daisi.ws.routing.LivePeers;
import io.daisi.ws.routing.LocalDelivery;
import io.daisi.ws.routing.RouteListener;
import io.daisi.ws.routing.RouteRenewal;
import io.daisi.ws.routing.RouteSettling;
import io.daisi.ws.routing.SubscriptionIndex;
import io.daisi.ws.session.KillSwitch;
import io.daisi.ws.session.LocalSessions;
import io.daisi.ws.session.SessionAdmission;
import io.daisi.ws.session.SessionLock;
import io.daisi.ws.session.SessionLockRenewal;
import io.daisi.ws.store.redis.RedisConnector;
import io.daisi.ws.transport.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the object graph by hand and owns the start/stop order. Cluster mode
 * (redis.address set) shares sessions, routes and the token cache through Redis;
 * standalone mode keeps them in memory. Events still come from the in-process bus.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** How long a peer seen alive is trusted without reading its heartbeat again. */
    private static final Duration LIVE_PEER_MEMORY = Duration.ofSeconds(2);

    private final LiveConfig config;
    private final Metrics metrics = new Metrics();
    private final GatewayServer server;
    private final RenewalLoop renewal;
    private final Optional<RedisConnector> redis;
    private final Optional<ClusterPeering> peering;
    private final Optional<JetStreamEventSource> jetStream;
    private final String podId;
    private volatile boolean closed;

    private Gateway(LiveConfig config, Adapters adapters, Optional<RedisConnector> redis, Clock clock) {
        this.config = config;
        this.redis = redis;
        GatewayConfig cfg = config.current();
        this.podId = cfg.server().podId();

        TokenCodec userCodec = new TokenCodec(key("auth.token_aes_key", cfg.auth().tokenAesKey()));
        TokenCodec adminCodec = new TokenCodec(key("auth.admin_token_aes_key", cfg.auth().adminTokenAesKey()));
        Authenticator authenticator = new Authenticator(userCodec, adminCodec, adapters.tokenCache(), clock,
                () -> Duration.ofSeconds(config.current().auth().tokenCacheTtlSeconds()),
                () -> Duration.ofSeconds(config.current().auth().adminTokenCacheTtlSeconds()));
        TokenIssuer issuer = new TokenIssuer(userCodec, adminCodec, clock);

        SessionLock lock = adapters.sessionLock();
        KillSwitch killSwitch = adapters.killSwitch();
        LocalSessions sessions = new LocalSessions(lock, podId);
        killSwitch.subscribe(sessions::onKill);
        Supplier<Duration> sessionTtl = () -> Duration.ofSeconds(config.current().app().sessionTtlSeconds());
        SessionAdmission admission = new SessionAdmission(lock, killSwitch, podId, sessionTtl,
                () -> Duration.ofMillis(config.current().app().sessionLockRetryDelayMs()),
                () -> config.current().app().allowDegradedSessions(), metrics);

        // Route sets tell the pod that took an event which other pods need it (shared mode). In per_pod
        // mode every pod reads every event and no pod looks a route up (SPEC §6), so none are written
        // or renewed: a connect then costs one Redis command less and cannot fail on it.
        boolean perPod = cfg.clusterMode() && "per_pod".equals(cfg.nats().deliveryMode());
        SubscriptionIndex index = new SubscriptionIndex(
                perPod ? RouteListener.NONE : RouteListener.registeringIn(adapters.routeRegistry()), clock);
        LocalDelivery localDelivery = new LocalDelivery(index);
        EventRouter localRouter = new EventRouter(localDelivery, metrics);
        // Cluster mode: events this pod takes also go to the other pods of their route, over gRPC.
        this.peering = redis.map(r -> new ClusterPeering(cfg.server(), () -> config.current().app(), localRouter,
                adapters.podDirectory(), metrics.grpc(), clock, this::heartbeatLapsed));
        boolean forwarding = peering.isPresent() && !perPod;
        Supplier<Duration> heartbeatTtl = () -> Duration.ofSeconds(config.current().app().podHeartbeatTtlSeconds());
        // after a Redis reconnect, routes are trusted once every pod had time to write its own again
        RouteSettling routeSettling = new RouteSettling(clock, () -> HeartbeatRenewal.interval(heartbeatTtl.get()),
                heartbeatTtl);
        EventDispatcher routed = forwarding
                ? new ClusterEventRouter(podId, localDelivery, adapters.routeRegistry(),
                        new LivePeers(adapters.podDirectory(), LIVE_PEER_MEMORY, System::nanoTime),
                        peering.get().forwarder(), metrics, routeSettling)
                : localRouter;
        // The in-process bus dispatches in order and hands each event to local sockets inside
        // dispatch, so the last one dispatched is its stream floor (SPEC §6).
        DispatchedFloor dispatched = new DispatchedFloor(routed);
        EventDispatcher dispatcher = cfg.natsEnabled() ? routed : dispatched;
        // Events come from JetStream when nats.url is set, else from the in-process bus (POST /dev/events).
        this.jetStream = cfg.natsEnabled()
                ? Optional.of(new JetStreamEventSource(cfg.nats(), cfg.app(), podId, dispatcher, metrics))
                : Optional.empty();
        Optional<InProcessEventBus> bus = jetStream.isPresent() ? Optional.empty()
                // the bus stands in for NATS, so its events count as received like the consumer's
                : Optional.of(new InProcessEventBus(event -> {
                    metrics.received(event.subject().kind());
                    return dispatcher.dispatch(event);
                }, cfg.app().standaloneHistorySize(), !cfg.clusterMode()));
        LastMessageStore lastMessages = jetStream.<LastMessageStore>map(JetStreamEventSource::lastMessages)
                .orElseGet(bus::orElseThrow);
        // With JetStream the floor is the consumer's ack floor: an event is acked once every pod of its
        // route has it (shared), or once it was handed to this pod's sockets (per_pod); it survives restarts.
        EventStream stream = jetStream.map(j -> new EventStream(j.history(), j.ackFloor()))
                .orElseGet(() -> new EventStream(bus.orElseThrow().history(), dispatched));
        // POST /dev/events: always in standalone mode, in cluster mode only with app.dev_endpoints (SPEC §2)
        Optional<EventPublisher> publisher = cfg.clusterMode() && !cfg.app().devEndpoints() ? Optional.empty()
                : jetStream.<EventPublisher>map(JetStreamEventSource::publisher).or(() -> bus);

        AdaptiveTtl sessionLockTtl = new AdaptiveTtl("session_lock", () -> config.current().adaptiveTtl().sessionLock(),
                sessionTtl, adapters.activityMarks(), clock, metrics);
        Supplier<Duration> routeTtl = () -> Duration.ofSeconds(config.current().app().routeTtlSeconds());
        AdaptiveTtl chatRouteTtl = new AdaptiveTtl("chat_route", () -> config.current().adaptiveTtl().chatRoute(),
                routeTtl, adapters.activityMarks(), clock, metrics);
        AdaptiveTtl messageRouteTtl = new AdaptiveTtl("message_route",
                () -> config.current().adaptiveTtl().messageRoute(), routeTtl, adapters.activityMarks(), clock, metrics);
        SessionLockRenewal lockRenewal = new SessionLockRenewal(sessions, lock, sessionLockTtl, podId, clock, metrics);
        this.renewal = new RenewalLoop(perPod ? List.of(lockRenewal) : List.of(lockRenewal,
                new RouteRenewal(index, adapters.routeRegistry(), chatRouteTtl, messageRouteTtl, routeTtl, clock)),
                () -> Duration.ofSeconds(config.current().app().ttlRefreshIntervalSeconds()));
        redis.ifPresent(r -> r.onReconnect(() -> {
            routeSettling.storeReconnected();
            renewal.storeReconnected();
            peering.ifPresent(ClusterPeering::storeReconnected);
        }));

        List<DependencyCheck> checks = List.of(
                jetStream.map(JetStreamEventSource::readinessCheck).orElseGet(() -> DependencyCheck.disabled("nats")),
                redis.map(RedisConnector::readinessCheck).orElseGet(() -> DependencyCheck.disabled("redis")),
                peering.map(ClusterPeering::readinessCheck).orElseGet(() -> DependencyCheck.disabled("grpc")));
        this.server = new GatewayServer(config, authenticator, issuer, admission, sessions, index, lastMessages,
                stream, publisher, checks, metrics.transport(), metrics, clock);
    }

    /** Builds and starts a gateway in the mode its config selects; the config must already be validated. */
    public static Gateway start(LiveConfig config) throws InterruptedException {
        GatewayConfig cfg = config.current();
        String podId = cfg.server().podId();
        String events = cfg.natsEnabled()
                ? "events come from NATS JetStream at " + LogRedaction.urls(cfg.nats().url())
                        + " (" + cfg.nats().deliveryMode() + " mode)"
                : "events come from POST /dev/events (nats.url is empty)";
        if (cfg.clusterMode()) {
            warnOfDevelopmentKeys(cfg);
            log.info("starting pod {} in cluster mode: redis.address is {}, so sessions, routes and the token "
                    + "cache are shared through Redis and peers exchange events over gRPC; {}", podId,
                    LogRedaction.urls(cfg.redis().address()), events);
            RedisConnector redis = RedisConnector.start(cfg.redis());
            Adapters adapters = Adapters.redis(redis, podId,
                    () -> Duration.ofSeconds(config.current().app().routeTtlSeconds()));
            return start(config, adapters, Optional.of(redis));
        }
        log.info("starting pod {} in standalone mode: redis.address is empty, so sessions, routes and the token "
                + "cache are in memory; {}", podId, events);
        return start(config, Adapters.inMemory(podId, Clock.systemUTC()));
    }

    private static void warnOfDevelopmentKeys(GatewayConfig cfg) {
        List<String> published = DevelopmentKeys.inUse(cfg);
        if (!published.isEmpty()) {
            log.warn("this cluster pod runs with the development keys published in config/config.yaml: {}; anyone "
                    + "can mint tokens or call the API with them: set your own (e.g. DAISI_WS_AUTH_SECRET_TOKEN)",
                    String.join(", ", published));
        }
    }

    /** Builds and starts a gateway on the given adapters (tests replace some of them). */
    public static Gateway start(LiveConfig config, Adapters adapters) throws InterruptedException {
        return start(config, adapters, Optional.empty());
    }

    private static Gateway start(LiveConfig config, Adapters adapters, Optional<RedisConnector> redis)
            throws InterruptedException {
        Gateway gateway = new Gateway(config, adapters, redis, Clock.systemUTC());
        try {
            for (ClusterPeering p : gateway.peering.stream().toList()) {
                p.start();
            }
            gateway.server.start();
            gateway.jetStream.ifPresent(JetStreamEventSource::start);
        } catch (IOException e) {
            gateway.close();
            throw new UncheckedIOException("could not start: " + e.getMessage(), e);
        } catch (RuntimeException | InterruptedException e) {
            gateway.close();
            throw e;
        }
        gateway.renewal.start();
        return gateway;
    }

    public int httpPort() {
        return server.port();
    }

    public String podId() {
        return podId;
    }

    public Metrics metrics() {
        return metrics;
    }

    public int openSockets() {
        return server.openSockets();
    }

    /**
     * This pod's heartbeat was gone for a while although the pod lives (the process was paused
     * for a whole TTL): peers took it for dead, skipped it and removed it from routes, so events
     * meant for its sockets may have been acknowledged without reaching them. Routes and locks
     * are written again at once, and every socket reads what it may have missed from the
     * history, from the position it had before the pause (SPEC §6, §8) — the position ticker
     * notices the same pause first and does this before it hands sockets a newer floor.
     */
    private void heartbeatLapsed() {
        if (closed) {
            return;
        }
        log.warn("pod {}'s heartbeat lapsed (the process did not run for app.pod_heartbeat_ttl_seconds): "
                + "peers may have skipped it; re-registering routes and catching {} sockets up from the history",
                podId, server.openSockets());
        renewal.storeReconnected();
        server.catchUpAfterPause();
    }

    /** Runs one renewal round now (tests; operators wait for the interval). */
    public CompletionStage<Void> renewNow() {
        return renewal.runNow();
    }

    /**
     * Graceful stop (SPEC §11): stop accepting, close every socket with 1001,
     * release what this pod holds, stop the servers — within the shutdown timeout.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = Duration.ofSeconds(config.current().app().shutdownTimeoutSeconds());
        Duration drain = Duration.ofSeconds(config.current().app().shutdownDrainSeconds());
        log.info("shutting down: closing {} sockets with 1001 over {}s", server.openSockets(), drain.toSeconds());
        server.closeAllSockets(drain, timeout.dividedBy(2));
        server.stopAccepting();
        jetStream.ifPresent(j -> j.close(timeout.dividedBy(4)));
        renewal.close();
        peering.ifPresent(p -> p.close(Duration.ofSeconds(2)));
        server.close();
        redis.ifPresent(RedisConnector::close);
        log.info("shutdown complete");
    }

    private static TokenKey key(String name, String hex) {
        try {
            return TokenKey.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }
}
