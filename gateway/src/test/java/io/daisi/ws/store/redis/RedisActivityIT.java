package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisActivityIT extends OneRedisPerClass {

    @Test
    void recordsEpochSecondsUnderTheLastActiveKeyWithAnExpiry() {
        RedisActivity activity = new RedisActivity(connector);

        await(activity.record("session:c:a:u", Instant.ofEpochSecond(1_700_000_000, 700_000_000),
                Duration.ofSeconds(120)));

        assertThat(redis.command("GET", "session:c:a:u:last_active")).isEqualTo("1700000000");
        assertThat(ttl("session:c:a:u:last_active")).isBetween(119L, 120L);
    }

    @Test
    void readsTheLastActivityOfManyKeys() {
        RedisActivity activity = new RedisActivity(connector);
        await(activity.record("route:c:a:chats", Instant.ofEpochSecond(1_700_000_000), Duration.ofSeconds(60)));
        redis.command("SET", "session:admin:x:last_active", "1700000100.5");
        redis.command("SET", "session:admin:y:last_active", "yesterday");
        redis.command("SET", "session:admin:z:last_active", "1e300");

        Map<String, Optional<Instant>> lastActive = await(activity.lastActive(
                List.of("route:c:a:chats", "session:admin:x", "session:admin:y", "session:admin:z", "session:nobody")));

        assertThat(lastActive).containsExactly(
                Map.entry("route:c:a:chats", Optional.of(Instant.ofEpochSecond(1_700_000_000))),
                Map.entry("session:admin:x", Optional.of(Instant.ofEpochSecond(1_700_000_100, 500_000_000))),
                Map.entry("session:admin:y", Optional.empty()),
                Map.entry("session:admin:z", Optional.empty()),
                Map.entry("session:nobody", Optional.empty()));
        assertThat(await(activity.lastActive(List.of()))).isEmpty();
    }
}
