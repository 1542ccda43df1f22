package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSessionLockIT extends OneRedisPerClass {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final String KEY = "session:c:a:u";

    private RedisSessionLock lock;

    @BeforeEach
    void createLock() {
        lock = new RedisSessionLock(connector);
    }

    @Test
    void aFreeLockIsTakenOnceWithItsTtl() {
        assertThat(await(lock.tryAcquire(KEY, "pod-a", TTL))).isTrue();
        assertThat(await(lock.tryAcquire(KEY, "pod-b", TTL))).isFalse();

        assertThat(redis.command("GET", KEY)).isEqualTo("pod-a");
        assertThat(ttl(KEY)).isBetween(29L, 30L);
    }

    @Test
    void ttlsAreWholeSecondsRoundedUp() {
        await(lock.tryAcquire(KEY, "pod-a", Duration.ofMillis(1500)));

        assertThat(ttl(KEY)).isEqualTo(2L);
    }

    @Test
    void forceTakesAHeldLockAndSetsItsTtl() {
        await(lock.tryAcquire(KEY, "pod-a", TTL));

        await(lock.forceAcquire(KEY, "pod-b", Duration.ofSeconds(20)));

        assertThat(redis.command("GET", KEY)).isEqualTo("pod-b");
        assertThat(ttl(KEY)).isBetween(19L, 20L);
    }

    @Test
    void onlyTheOwnerReleases() {
        await(lock.tryAcquire(KEY, "pod-a", TTL));

        assertThat(await(lock.release(KEY, "pod-b"))).isFalse();
        assertThat(redis.command("GET", KEY)).isEqualTo("pod-a");

        assertThat(await(lock.release(KEY, "pod-a"))).isTrue();
        assertThat(redis.command("EXISTS", KEY)).isEqualTo("0");
        assertThat(await(lock.release(KEY, "pod-a"))).isFalse();
    }

    @Test
    void aLockWrittenByAGoPodIsReleasedByItsOwnerName() {
        redis.command("SET", KEY, "go-pod", "EX", "30");

        assertThat(await(lock.release(KEY, "go-pod"))).isTrue();
    }

    @Test
    void refreshRenewsAThousandLocksInWellUnderASecondAndReportsTheLostOnes() {
        Map<String, Duration> ttlByKey = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            String key = "session:c:a:user" + i;
            ttlByKey.put(key, TTL);
            if (i % 10 == 3) {
                redis.command("SET", key, "pod-b", "EX", "5"); // taken over by another pod
            } else if (i % 10 != 7) {
                redis.command("SET", key, "pod-a", "EX", "5"); // ours; i % 10 == 7 expired (absent)
            }
        }

        long start = System.nanoTime();
        Map<String, Boolean> ours = await(lock.refresh(ttlByKey, "pod-a"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(500));
        assertThat(ours).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            String key = "session:c:a:user" + i;
            boolean expected = i % 10 != 3 && i % 10 != 7;
            assertThat(ours.get(key)).as(key).isEqualTo(expected);
        }
        assertThat(ttl("session:c:a:user0")).isBetween(29L, 30L);
        assertThat(ttl("session:c:a:user3")).isLessThanOrEqualTo(5L);
        assertThat(redis.command("GET", "session:c:a:user3")).isEqualTo("pod-b");
        assertThat(redis.command("EXISTS", "session:c:a:user7")).isEqualTo("0");
    }

    @Test
    void refreshAppliesEachKeysOwnTtl() {
        await(lock.tryAcquire("session:admin:x", "pod-a", TTL));
        await(lock.tryAcquire("session:admin:y", "pod-a", TTL));

        await(lock.refresh(Map.of("session:admin:x", Duration.ofSeconds(60),
                "session:admin:y", Duration.ofSeconds(10)), "pod-a"));

        assertThat(ttl("session:admin:x")).isBetween(59L, 60L);
        assertThat(ttl("session:admin:y")).isBetween(9L, 10L);
    }

    @Test
    void refreshOfNothingIsNothing() {
        assertThat(await(lock.refresh(Map.of(), "pod-a"))).isEmpty();
    }
}
