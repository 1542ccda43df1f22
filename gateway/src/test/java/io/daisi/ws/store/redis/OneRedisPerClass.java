package io.daisi.ws.store.redis;

import io.daisi.ws.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** A private Redis and a connected connector for a test class, emptied before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneRedisPerClass {

    protected RedisServer redis;
    protected RedisConnector connector;

    @BeforeAll
    void startRedis() {
        redis = RedisServer.launch();
        connector = RedisTesting.connected(redis);
    }

    @AfterAll
    void stopRedis() {
        if (connector != null) {
            connector.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        redis.command("FLUSHALL");
    }

    protected long ttl(String key) {
        return Long.parseLong(redis.command("TTL", key));
    }
}
