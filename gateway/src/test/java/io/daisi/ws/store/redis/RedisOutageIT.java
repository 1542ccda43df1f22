package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.RECOVERY;
import static io.daisi.ws.store.redis.RedisTesting.assertUnavailable;
import static io.daisi.ws.store.redis.RedisTesting.await;
import static io.daisi.ws.store.redis.RedisTesting.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.session.SessionKey;
import io.daisi.ws.store.StoreUnavailableException;
import io.daisi.ws.testsupport.RedisServer;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every adapter refuses with StoreUnavailableException while Redis is away, and recovers by itself. */
class RedisOutageIT {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final String LOCK = "session:c:a:u";

    private RedisServer redis;

    @BeforeEach
    void launchRedis() {
        redis = RedisServer.launch();
    }

    @AfterEach
    void closeRedis() {
        redis.close();
    }

    @Test
    void everyAdapterFailsFastWhileRedisIsDownAndWorksAgainWhenItIsBack() {
        try (RedisConnector connector = RedisTesting.connected(redis)) {
            Map<String, Supplier<CompletionStage<?>>> operations = everyOperation(connector);
            operations.forEach((name, operation) -> await(operation.get()));

            redis.kill();

            operations.forEach(RedisTesting::assertUnavailable);
            assertThat(await(connector.ping())).isFalse();

            redis.start();

            awaitAllSucceed(operations);
            assertThat(await(connector.ping())).isTrue();
        }
    }

    @Test
    void redisDownAtStartupIsAnOutageUntilItComesUp() {
        redis.stop();
        try (RedisConnector connector = RedisConnector.start(RedisTesting.config(redis))) {
            Map<String, Supplier<CompletionStage<?>>> operations = everyOperation(connector);

            operations.forEach(RedisTesting::assertUnavailable);
            assertThat(await(connector.ping())).isFalse();
            assertThat(connector.isConnected()).isFalse();

            redis.start();

            awaitAllSucceed(operations);
            assertThat(connector.isConnected()).isTrue();
        }
    }

    @Test
    void aRedisThatDoesNotAnswerTimesOutAsAnOutage() {
        try (RedisConnector connector = RedisTesting.connected(redis)) {
            RedisTokenCache cache = new RedisTokenCache(connector);
            await(cache.get("token_cache:x"));
            // commands queue up behind each other: 3 of 1 s each must end before the pause does
            redis.command("CLIENT", "PAUSE", "5000", "ALL");

            assertThat(await(connector.ping())).isFalse();
            assertUnavailable("get of a paused Redis", () -> cache.get("token_cache:x"));
            Throwable failure = failureOf(() -> cache.get("token_cache:x"));
            assertThat(failure).hasCauseInstanceOf(RedisCommandTimeoutException.class);

            Awaitility.await().atMost(RECOVERY).ignoreExceptions()
                    .until(() -> await(cache.get("token_cache:x")).isEmpty());
        }
    }

    @Test
    void aClosedConnectorIsAnOutage() {
        RedisConnector connector = RedisTesting.connected(redis);
        connector.close();

        everyOperation(connector).forEach(RedisTesting::assertUnavailable);
        assertThat(await(connector.ping())).isFalse();
    }

    @Test
    void anErrorReplyIsNotAnOutage() {
        try (RedisConnector connector = RedisTesting.connected(redis)) {
            redis.command("SET", "route:c:a:chats", "not a set");

            Throwable failure = failureOf(() -> new RedisRouteRegistry(connector, "pod-a", () -> TTL)
                    .pods("route:c:a:chats"));

            assertThat(failure).isNotInstanceOf(StoreUnavailableException.class).hasMessageContaining("WRONGTYPE");
            assertThat(StoreUnavailableException.isCause(failure)).isFalse();
        }
    }

    private static Map<String, Supplier<CompletionStage<?>>> everyOperation(RedisConnector connector) {
        RedisSessionLock lock = new RedisSessionLock(connector);
        RedisKillSwitch killSwitch = new RedisKillSwitch(connector);
        RedisTokenCache tokens = new RedisTokenCache(connector);
        RedisRouteRegistry routes = new RedisRouteRegistry(connector, "pod-a", () -> TTL);
        RedisPodHeartbeat heartbeat = new RedisPodHeartbeat(connector);
        RedisActivity activity = new RedisActivity(connector);
        Map<String, Supplier<CompletionStage<?>>> operations = new LinkedHashMap<>();
        operations.put("SessionLock.tryAcquire", () -> lock.tryAcquire(LOCK, "pod-a", TTL));
        operations.put("SessionLock.forceAcquire", () -> lock.forceAcquire(LOCK, "pod-a", TTL));
        operations.put("SessionLock.refresh", () -> lock.refresh(Map.of(LOCK, TTL), "pod-a"));
        operations.put("SessionLock.release", () -> lock.release(LOCK, "pod-a"));
        operations.put("KillSwitch.publish", () -> killSwitch.publish(SessionKey.forUser("c", "a", "u"), "pod-a", 1));
        operations.put("KillSwitch.nextFence", killSwitch::nextFence);
        operations.put("TokenCache.put", () -> tokens.put("token_cache:x", "{}", TTL));
        operations.put("TokenCache.get", () -> tokens.get("token_cache:x"));
        operations.put("RouteRegistry.register", () -> routes.register("route:c:a:chats"));
        operations.put("RouteRegistry.refresh", () -> routes.refresh(Map.of("route:c:a:chats", TTL)));
        operations.put("RouteRegistry.pods", () -> routes.pods("route:c:a:chats"));
        operations.put("RouteRegistry.removePod", () -> routes.removePod("route:c:a:chats", "pod-dead"));
        operations.put("RouteRegistry.unregister", () -> routes.unregister("route:c:a:chats"));
        operations.put("PodHeartbeat.beat", () -> heartbeat.beat("pod-a", "a:9090", TTL));
        operations.put("PodHeartbeat.address", () -> heartbeat.address("pod-a"));
        operations.put("PodHeartbeat.addresses", () -> heartbeat.addresses(List.of("pod-a", "pod-b")));
        operations.put("PodHeartbeat.remove", () -> heartbeat.remove("pod-a"));
        operations.put("Activity.record", () -> activity.record(LOCK, Instant.now(), TTL));
        operations.put("Activity.lastActive", () -> activity.lastActive(List.of(LOCK)));
        return operations;
    }

    private static void awaitAllSucceed(Map<String, Supplier<CompletionStage<?>>> operations) {
        Awaitility.await().atMost(RECOVERY).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> await(operations.get("TokenCache.get").get()) != null);
        operations.forEach((name, operation) -> await(operation.get()));
    }
}
