package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.routing.RouteKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisRouteRegistryIT extends OneRedisPerClass {

    private static final String CHATS = RouteKeys.chats("c", "a");

    private final AtomicReference<Duration> routeTtl = new AtomicReference<>();

    @BeforeEach
    void defaultTtl() {
        routeTtl.set(Duration.ofSeconds(300));
    }

    private RedisRouteRegistry registry(String podId) {
        return new RedisRouteRegistry(connector, podId, routeTtl::get);
    }

    @Test
    void registerAddsThePodWithTheRouteTtl() {
        await(registry("pod-a").register(CHATS));
        await(registry("pod-b").register(CHATS));

        assertThat(await(registry("pod-a").pods(CHATS))).containsExactlyInAnyOrder("pod-a", "pod-b");
        assertThat(redis.commandList("SMEMBERS", CHATS)).containsExactlyInAnyOrder("pod-a", "pod-b");
        assertThat(ttl(CHATS)).isBetween(299L, 300L);
    }

    @Test
    void registerSetsAnExpiryOnAKeyThatHadNone() {
        redis.command("SADD", CHATS, "go-pod");
        assertThat(ttl(CHATS)).isEqualTo(-1L);

        await(registry("pod-a").register(CHATS));

        assertThat(ttl(CHATS)).isBetween(299L, 300L);
        assertThat(redis.commandList("SMEMBERS", CHATS)).containsExactlyInAnyOrder("go-pod", "pod-a");
    }

    @Test
    void theTtlIsReadAtEachRegistration() {
        await(registry("pod-a").register(CHATS));
        routeTtl.set(Duration.ofSeconds(60));

        await(registry("pod-a").register(CHATS));

        assertThat(ttl(CHATS)).isBetween(59L, 60L);
    }

    @Test
    void unregisterRemovesOnlyThisPod() {
        await(registry("pod-a").register(CHATS));
        await(registry("pod-b").register(CHATS));

        await(registry("pod-a").unregister(CHATS));

        assertThat(await(registry("pod-a").pods(CHATS))).containsExactly("pod-b");
    }

    @Test
    void anUnknownRouteHasNoPods() {
        assertThat(await(registry("pod-a").pods("route:nobody:here:chats"))).isEmpty();
    }

    @Test
    void refreshRegistersAgainOnEveryKeyWithTheNewTtl() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            keys.add(RouteKeys.messages("c", "a", "chat" + i));
        }
        await(registry("pod-a").register(keys.get(0)));
        redis.command("DEL", keys.get(1)); // expired meanwhile: refresh brings it back

        Map<String, Duration> ttlByKey = new java.util.LinkedHashMap<>();
        keys.forEach(key -> ttlByKey.put(key, Duration.ofSeconds(120)));
        await(registry("pod-a").refresh(ttlByKey));

        for (String key : List.of(keys.get(0), keys.get(1), keys.get(1199))) {
            assertThat(redis.commandList("SMEMBERS", key)).as(key).containsExactly("pod-a");
            assertThat(ttl(key)).as(key).isBetween(119L, 120L);
        }
        assertThat(redis.command("DBSIZE")).isEqualTo("1200");
    }

    @Test
    void removePodDropsADeadPod() {
        await(registry("pod-a").register(RouteKeys.ADMIN_AGENTS));
        await(registry("pod-dead").register(RouteKeys.ADMIN_AGENTS));

        await(registry("pod-a").removePod(RouteKeys.ADMIN_AGENTS, "pod-dead"));

        assertThat(await(registry("pod-a").pods(RouteKeys.ADMIN_AGENTS))).containsExactly("pod-a");
    }
}
