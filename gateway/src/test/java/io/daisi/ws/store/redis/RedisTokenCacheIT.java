package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.auth.TokenCache;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisTokenCacheIT extends OneRedisPerClass {

    @Test
    void storesClaimsUnderTheGivenKeyWithTheTtl() {
        RedisTokenCache cache = new RedisTokenCache(connector);
        String key = TokenCache.userKey("some-token");
        String claims = "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\","
                + "\"expires_at\":\"2030-01-01T00:00:00Z\"}";

        assertThat(await(cache.get(key))).isEmpty();
        await(cache.put(key, claims, Duration.ofSeconds(30)));

        assertThat(await(cache.get(key))).contains(claims);
        assertThat(redis.command("GET", key)).isEqualTo(claims);
        assertThat(ttl(key)).isBetween(29L, 30L);
    }

    @Test
    void readsWhatAGoPodCached() {
        String key = TokenCache.adminKey("admin-token");
        redis.command("SET", key, "{\"admin_id\":\"root\"}", "EX", "60");

        assertThat(await(new RedisTokenCache(connector).get(key))).contains("{\"admin_id\":\"root\"}");
    }

    @Test
    void aNonPositiveTtlDropsTheEntry() {
        RedisTokenCache cache = new RedisTokenCache(connector);
        await(cache.put("token_cache:x", "v", Duration.ofSeconds(30)));

        await(cache.put("token_cache:x", "w", Duration.ZERO));

        assertThat(await(cache.get("token_cache:x"))).isEmpty();
    }
}
