package io.daisi.ws.store.redis;

import io.daisi.ws.config.RedisConfig;
import io.daisi.ws.observability.DependencyCheck;
import io.daisi.ws.store.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's two Redis connections: one for commands, shared by every adapter (Lettuce
 * multiplexes and pipelines concurrent commands on it), and one for the kill switch's pattern
 * subscription. Starting never fails: while Redis cannot be reached, the first connection is
 * retried in the background and every command fails with {@link StoreUnavailableException};
 * once connected, Lettuce reconnects by itself and rejects commands while it is disconnected.
 */
public final class RedisConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    private static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 3;
    // Short and jittered: a pod refusing new sockets should see Redis back within about two
    // seconds, and a fleet of pods should not reconnect in lockstep.
    private static final Delay RECONNECT_DELAY =
            Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(2), 100, TimeUnit.MILLISECONDS);
    // Without it, a Redis host that vanishes without a FIN or RST goes unnoticed for hours.
    private static final SocketOptions.KeepAliveOptions KEEP_ALIVE = SocketOptions.KeepAliveOptions.builder()
            .enable().idle(Duration.ofSeconds(30)).interval(Duration.ofSeconds(10)).count(3).build();

    private static final String COMMANDS = "commands";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final String address;
    private final Duration commandTimeout;
    private final ClientResources resources;
    private final RedisURI uri;
    private final RedisClient client;
    private final CompletableFuture<StatefulRedisConnection<String, String>> commands = new CompletableFuture<>();
    private final CompletableFuture<StatefulRedisPubSubConnection<String, String>> pubSub =
            new CompletableFuture<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RedisConnector(RedisConfig config) {
        this.address = config.address();
        this.commandTimeout = Duration.ofSeconds(positiveOr(config.commandTimeoutSeconds(),
                DEFAULT_COMMAND_TIMEOUT_SECONDS));
        Duration connectTimeout = Duration.ofSeconds(positiveOr(config.connectTimeoutSeconds(),
                DEFAULT_CONNECT_TIMEOUT_SECONDS));
        this.uri = uri(config, commandTimeout); // first: a bad address must not leave threads behind
        this.resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY)
                .nettyCustomizer(new ConsolidatedFlushes()).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while disconnected: a caller waiting for a reconnect would hold a socket open
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(KEEP_ALIVE).build())
                .build());
    }

    /**
     * Commands written in the same turn of the connection's event loop leave in one {@code send()}:
     * each command is otherwise written and flushed alone. A handshake's fence and lock, the
     * route reads of a pulled batch, and the commands of handshakes arriving together then share
     * system calls; a flush waits at most until the loop's current tasks ran.
     */
    private static final class ConsolidatedFlushes implements NettyCustomizer {
        /** Netty's own default: a flush goes through at the latest after 256 held back. */
        private static final int EXPLICIT_FLUSH_AFTER = 256;

        @Override
        public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst(new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER, true));
        }
    }

    /** Starts connecting to {@code config.address()} in the background and returns at once. */
    public static RedisConnector start(RedisConfig config) {
        RedisConnector connector = new RedisConnector(config);
        connector.open(COMMANDS, () -> connector.client.connectAsync(StringCodec.UTF8, connector.uri),
                connector.commands, 0);
        connector.open("pub/sub", () -> connector.client.connectPubSubAsync(StringCodec.UTF8, connector.uri),
                connector.pubSub, 0);
        return connector;
    }

    /** The RedisURI of a configuration; package-private for tests. */
    static RedisURI uri(RedisConfig config, Duration commandTimeout) {
        HostPort hostPort = HostPort.parse(config.address());
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(hostPort.host())
                .withPort(hostPort.port())
                .withDatabase(config.db())
                .withTimeout(commandTimeout)
                .withSsl(config.tls());
        if (config.tls()) {
            builder.withVerifyPeer(config.tlsInsecureSkipVerify() ? SslVerifyMode.NONE : SslVerifyMode.FULL);
        }
        if (!config.username().isEmpty()) {
            builder.withAuthentication(config.username(), config.password());
        } else if (!config.password().isEmpty()) {
            builder.withPassword(config.password().toCharArray());
        }
        return builder.build();
    }

    /** True once both connections have been made and the command connection is up now. */
    /**
     * {@code listener} runs (on a Lettuce thread) each time the command connection is back after a
     * loss, so that what this pod holds can be written again at once.
     */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    public boolean isConnected() {
        StatefulRedisConnection<String, String> connection = commands.getNow(null);
        return !closed && connection != null && connection.isOpen() && pubSub.isDone();
    }

    /** For readiness: true on PONG; false when not connected, on failure or after the command timeout. */
    public CompletionStage<Boolean> ping() {
        return call(RedisAsyncCommands::ping)
                .handle((reply, failure) -> failure == null && "PONG".equals(reply))
                // Lettuce times commands out itself; this only guards the promise of an answer
                .toCompletableFuture()
                .completeOnTimeout(false, commandTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs one command on the shared connection; the stage fails with
     * {@link StoreUnavailableException} when Redis cannot be reached or does not answer in time.
     */
    /** {@code /ready}'s "redis" entry: ok while Redis answers PING. */
    public DependencyCheck readinessCheck() {
        return DependencyCheck.of("redis", () -> ping().thenApply(up -> up ? DependencyCheck.Status.OK
                : DependencyCheck.Status.DOWN));
    }

    <T> CompletableFuture<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        StatefulRedisConnection<String, String> connection = commands.getNow(null);
        // once closed, Lettuce's timer is gone and a command fails with a bare IllegalStateException
        if (connection == null || closed) {
            return CompletableFuture.failedFuture(notConnected());
        }
        return RedisFailures.attempt(() -> command.apply(connection.async()));
    }

    /** SET with an expiry in whole seconds: how every value but the route sets is written. */
    CompletableFuture<Void> setWithExpiry(String key, String value, Duration ttl) {
        SetArgs ex = SetArgs.Builder.ex(ExpirySeconds.of(ttl));
        return call(r -> r.set(key, value, ex)).thenApply(reply -> null);
    }

    /** The pub/sub connection, once it has been made for the first time. */
    CompletionStage<StatefulRedisPubSubConnection<String, String>> pubSub() {
        return pubSub;
    }

    /** Runs {@code task} after {@code delay} on Lettuce's scheduler, unless closed by then. */
    void later(Duration delay, Runnable task) {
        if (closed) {
            return;
        }
        try {
            resources.eventExecutorGroup().schedule(() -> {
                if (!closed) {
                    task.run();
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** The delay before retry {@code attempt} (from 0), as Lettuce's reconnects wait. */
    static Duration retryDelay(int attempt) {
        // the bound is reached long before; a capped exponent cannot overflow in a week-long outage
        return RECONNECT_DELAY.createDelay(Math.min(attempt, 16));
    }

    /** Closes both connections; pending commands fail as an outage. Not to be called on a Lettuce thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        try {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Redis client threads did not stop within {}", SHUTDOWN_TIMEOUT, e);
        }
        log.info("Redis connections to {} closed", address);
    }

    @Override
    public String toString() {
        return "RedisConnector[" + address + "]";
    }

    private StoreUnavailableException notConnected() {
        return new StoreUnavailableException(closed
                ? "Redis connector is closed"
                : "Redis at " + address + " not connected yet");
    }

    /**
     * Makes a connection, retrying with a backoff: Lettuce reconnects a connection that was lost,
     * not one that was never made.
     */
    private <C extends StatefulConnection<String, String>> void open(String name, Supplier<CompletionStage<C>> opener,
                                                                     CompletableFuture<C> target, int attempt) {
        if (closed) {
            return;
        }
        RedisFailures.attempt(opener).whenComplete((connection, failure) -> {
            if (failure != null) {
                if (attempt == 0) {
                    log.warn("Redis {} connection to {} failed ({}); retrying in the background", name, address,
                            rootReason(failure));
                } else {
                    log.debug("Redis {} connection to {} failed again", name, address, failure);
                }
                later(retryDelay(attempt), () -> open(name, opener, target, attempt + 1));
            } else if (closed) {
                connection.closeAsync();
            } else {
                connection.addListener(new StateLog(name));
                log.info("Redis {} connection to {} established", name, address);
                target.complete(connection);
            }
        });
    }

    /** The innermost cause says why (refused, WRONGPASS, TLS); the wrappers only say that it failed. */
    private static void runListener(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.error("Redis reconnect listener failed", e);
        }
    }

    private static String rootReason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static int positiveOr(int value, int fallback) {
        return value > 0 ? value : fallback;
    }

    /** Logs each loss and each recovery of a connection once, not every reconnect attempt. */
    private final class StateLog implements RedisConnectionStateListener {
        private final String name;
        private final AtomicBoolean up = new AtomicBoolean(true);

        StateLog(String name) {
            this.name = name;
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            if (up.compareAndSet(false, true)) {
                log.info("Redis {} connection to {} re-established", name, address);
                if (name.equals(COMMANDS)) {
                    reconnectListeners.forEach(RedisConnector::runListener);
                }
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (up.compareAndSet(true, false) && !closed) {
                log.warn("Redis {} connection to {} lost; reconnecting", name, address);
            }
        }
    }

    /** host:port, an IPv6 host in brackets, as the configuration validator accepts it. */
    record HostPort(String host, int port) {
        static HostPort parse(String address) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("redis.address must be host:port, got \"" + address + "\"");
            }
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new HostPort(host, Integer.parseInt(address.substring(colon + 1)));
        }
    }
}
