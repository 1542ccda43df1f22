package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.RedisConfig;
import io.daisi.ws.store.StoreUnavailableException;
import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.Stages;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What the Redis adapter tests share: a short command timeout, and waiting for stages. */
final class RedisTesting {

    /** Short, so outage tests are quick; the smallest the configuration can say. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final Duration STAGE_WAIT = Duration.ofSeconds(5);
    /** Reconnects wait at most 2 s between attempts; more than enough for one and a half. */
    static final Duration RECOVERY = Duration.ofSeconds(10);

    private RedisTesting() {
    }

    static RedisConfig config(RedisServer redis) {
        return config(redis.address(), "", "");
    }

    static RedisConfig config(String address, String username, String password) {
        return new RedisConfig(address, username, password, 0, false, false, 2, (int) COMMAND_TIMEOUT.toSeconds());
    }

    /** A connector whose connections are both made. */
    static RedisConnector connected(RedisServer redis) {
        RedisConnector connector = RedisConnector.start(config(redis));
        org.awaitility.Awaitility.await().atMost(RECOVERY).until(connector::isConnected);
        return connector;
    }

    static <T> T await(CompletionStage<T> stage) {
        return Stages.await(stage, STAGE_WAIT);
    }

    /** The failure of the stage {@code call} returns; fails the test if it succeeds or does not end in time. */
    static Throwable failureOf(Supplier<? extends CompletionStage<?>> call) {
        return Stages.failureOf(call.get(), STAGE_WAIT);
    }

    /** Asserts the stage fails with {@link StoreUnavailableException} within the command timeout and a margin. */
    static void assertUnavailable(String what, Supplier<? extends CompletionStage<?>> call) {
        long start = System.nanoTime();
        Throwable failure = failureOf(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).as(what).isInstanceOf(StoreUnavailableException.class);
        assertThat(took).as(what + " took").isLessThan(COMMAND_TIMEOUT.plusMillis(500));
    }
}
