package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    @Test
    void readsThousandsOfKeysInMgetsOfAtMostFiveHundred() {
        RedisActivity activity = new RedisActivity(connector);
        Map<String, Instant> marks = new LinkedHashMap<>();
        for (int i = 0; i < 1_234; i++) {
            marks.put("route:c:a" + i + ":chats", Instant.ofEpochSecond(1_700_000_000L + i));
        }
        await(activity.record(marks, Duration.ofSeconds(60)));
        List<String> keys = new ArrayList<>(marks.keySet());
        keys.add(700, "session:nobody");
        redis.command("CONFIG", "RESETSTAT");

        Map<String, Optional<Instant>> lastActive = await(activity.lastActive(keys));

        assertThat(lastActive.keySet()).containsExactlyElementsOf(keys);
        marks.forEach((key, at) -> assertThat(lastActive.get(key)).contains(at));
        assertThat(lastActive.get("session:nobody")).isEmpty();
        // 1,235 keys: three MGETs (500, 500, 235), never one that holds Redis up for all of them
        assertThat(redis.command("INFO", "commandstats")).contains("cmdstat_mget:calls=3,");
    }
}
