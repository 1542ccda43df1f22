package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.RECOVERY;
import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.RedisConfig;
import io.daisi.ws.testsupport.RedisServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RedisConnectorIT {

    @Test
    void pingsAndUsesTheConfiguredDatabase() {
        try (RedisServer redis = RedisServer.launch()) {
            RedisConfig db3 = new RedisConfig(redis.address(), "", "", 3, false, false, 2, 1);
            try (RedisConnector connector = RedisConnector.start(db3)) {
                Awaitility.await().atMost(RECOVERY).until(connector::isConnected);

                assertThat(await(connector.ping())).isTrue();
                await(new RedisTokenCache(connector).put("token_cache:x", "v", Duration.ofSeconds(30)));

                assertThat(redis.command("GET", "token_cache:x")).isNull();
                assertThat(redis.command("INFO", "keyspace")).contains("db3:keys=1");
            }
        }
    }

    @Test
    void authenticatesWithAPasswordOrAUser() {
        try (RedisServer redis = RedisServer.launch()) {
            redis.command("ACL", "SETUSER", "gateway", "on", ">gateway-secret", "~*", "&*", "+@all");
            redis.command("CONFIG", "SET", "requirepass", "default-secret"); // the last raw command: it needs AUTH now

            assertWorks(RedisTesting.config(redis.address(), "", "default-secret"));
            assertWorks(RedisTesting.config(redis.address(), "gateway", "gateway-secret"));
        }
    }

    @Test
    void aWrongPasswordIsAnOutageNotACrash() {
        try (RedisServer redis = RedisServer.launch()) {
            redis.command("CONFIG", "SET", "requirepass", "right");

            try (RedisConnector connector = RedisConnector.start(RedisTesting.config(redis.address(), "", "wrong"))) {
                RedisTesting.assertUnavailable("get", () -> new RedisTokenCache(connector).get("token_cache:x"));
                assertThat(await(connector.ping())).isFalse();
                assertThat(connector.toString()).doesNotContain("wrong");
            }
        }
    }

    private static void assertWorks(RedisConfig config) {
        try (RedisConnector connector = RedisConnector.start(config)) {
            Awaitility.await().atMost(RECOVERY).until(connector::isConnected);
            assertThat(await(connector.ping())).isTrue();
        }
    }
}
