package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.RECOVERY;
import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.routing.RouteKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RedisScriptsIT extends OneRedisPerClass {

    private static final Duration TTL = Duration.ofSeconds(30);

    @Test
    void theShaIsRedisOwn() {
        for (RedisScripts.Script script : List.of(RedisScripts.COMPARE_AND_DELETE, RedisScripts.COMPARE_AND_EXPIRE,
                RedisScripts.ADD_AND_EXPIRE)) {
            assertThat(redis.command("SCRIPT", "LOAD", script.source())).isEqualTo(script.sha1());
        }
    }

    @Test
    void scriptsRunAgainAfterRedisLostItsScriptCache() {
        RedisSessionLock lock = new RedisSessionLock(connector);
        await(lock.tryAcquire("session:admin:x", "pod-a", TTL));
        assertThat(await(lock.refresh(Map.of("session:admin:x", TTL), "pod-a"))).containsEntry("session:admin:x", true);

        redis.command("SCRIPT", "FLUSH");

        assertThat(await(lock.refresh(Map.of("session:admin:x", TTL), "pod-a"))).containsEntry("session:admin:x", true);
        assertThat(await(lock.release("session:admin:x", "pod-a"))).isTrue();
        // EVAL put the script back in the cache: the next EVALSHA finds it
        assertThat(redis.command("SCRIPT", "EXISTS", RedisScripts.COMPARE_AND_EXPIRE.sha1())).isEqualTo("[1]");
    }

    @Test
    void scriptsRunAfterARedisRestart() {
        RedisSessionLock lock = new RedisSessionLock(connector);
        RedisRouteRegistry routes = new RedisRouteRegistry(connector, "pod-a", () -> TTL);
        await(lock.tryAcquire("session:admin:x", "pod-a", TTL));
        await(lock.release("session:admin:x", "pod-a"));
        await(routes.register(RouteKeys.ADMIN_AGENTS));

        redis.stop();
        redis.start();

        Awaitility.await().atMost(RECOVERY).ignoreExceptions()
                .until(() -> await(lock.tryAcquire("session:admin:x", "pod-a", TTL)));
        assertThat(await(lock.refresh(Map.of("session:admin:x", TTL), "pod-a"))).containsEntry("session:admin:x", true);
        assertThat(await(lock.release("session:admin:x", "pod-a"))).isTrue();
        await(routes.register(RouteKeys.ADMIN_AGENTS));
        assertThat(redis.commandList("SMEMBERS", RouteKeys.ADMIN_AGENTS)).containsExactly("pod-a");
    }
}
