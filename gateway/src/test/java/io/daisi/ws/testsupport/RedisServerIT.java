package io.daisi.ws.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerIT extends LocalServerContract<RedisServer> {

    @Override
    RedisServer launch() {
        return RedisServer.launch();
    }

    @Override
    void assertServes(RedisServer redis) {
        assertThat(redis.command("PING")).isEqualTo("PONG");
    }

    @Test
    void reportsItsAddressAndPort() {
        try (RedisServer redis = RedisServer.launch()) {
            assertThat(redis.address()).isEqualTo("127.0.0.1:" + redis.port());
            assertThat(redis.command("INFO", "server")).contains("tcp_port:" + redis.port());
        }
    }

    @Test
    void rendersTheRepliesTestsNeed() {
        try (RedisServer redis = RedisServer.launch()) {
            assertThat(redis.command("SET", "key", "välue")).isEqualTo("OK");
            assertThat(redis.command("GET", "key")).isEqualTo("välue");
            assertThat(redis.command("GET", "missing")).isNull();
            assertThat(redis.command("SET", "expiring", "x", "EX", "100")).isEqualTo("OK");
            assertThat(Long.parseLong(redis.command("TTL", "expiring"))).isBetween(1L, 100L);
            assertThat(redis.command("DEL", "key", "missing")).isEqualTo("1");
            assertThat(redis.command("SADD", "set", "a", "b")).isEqualTo("2");
            assertThat(redis.commandList("SMEMBERS", "set")).containsExactlyInAnyOrder("a", "b");
            assertThat(redis.command("SMEMBERS", "nothing")).isEqualTo("[]");
            assertThat(redis.command("PUBLISH", "channel", "message")).isEqualTo("0");
        }
    }

    @Test
    void reportsErrorRepliesAndOutages() {
        try (RedisServer redis = RedisServer.launch()) {
            assertThatThrownBy(() -> redis.command("NO-SUCH-COMMAND"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ERR");

            redis.stop();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void restartsEmptyBecauseNothingIsPersisted() {
        try (RedisServer redis = RedisServer.launch()) {
            redis.command("SET", "key", "value");

            redis.stop();
            redis.start();

            assertThat(redis.command("GET", "key")).isNull();
            assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo("[save, ]");
        }
    }

    @Test
    void aFailedStartExplainsItselfWithTheLog() {
        Path dir;
        try (LocalServer broken = new MisconfiguredRedis()) {
            dir = broken.dir();
            assertThatThrownBy(broken::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code")
                    .hasMessageContaining("no-such-option");
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    /** A redis-server that refuses its arguments and exits at once. */
    private static final class MisconfiguredRedis extends LocalServer {

        MisconfiguredRedis() {
            super("redis-server", RedisServer.binary());
        }

        @Override
        protected List<String> arguments() {
            return List.of("--port", Integer.toString(port()), "--no-such-option", "1");
        }

        @Override
        protected boolean isReady() {
            return false;
        }
    }
}
