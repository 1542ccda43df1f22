package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.RedisConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisConnectorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void theUriCarriesHostPortDatabaseAndTimeout() {
        RedisURI uri = RedisConnector.uri(new RedisConfig("redis:6380", "", "", 2, false, false, 5, 3), TIMEOUT);

        assertThat(uri.getHost()).isEqualTo("redis");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(2);
        assertThat(uri.getTimeout()).isEqualTo(TIMEOUT);
        assertThat(uri.isSsl()).isFalse();
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().hasPassword()).isFalse();
    }

    @Test
    void anIpv6HostLosesItsBrackets() {
        RedisURI uri = RedisConnector.uri(new RedisConfig("[::1]:6379", "", "", 0, false, false, 5, 3), TIMEOUT);

        assertThat(uri.getHost()).isEqualTo("::1");
        assertThat(uri.getPort()).isEqualTo(6379);
    }

    @Test
    void aPasswordAloneOrWithAUser() {
        RedisURI passwordOnly = RedisConnector.uri(
                new RedisConfig("h:1", "", "s3cret", 0, false, false, 5, 3), TIMEOUT);
        RedisURI withUser = RedisConnector.uri(
                new RedisConfig("h:1", "gw", "s3cret", 0, false, false, 5, 3), TIMEOUT);

        var password = passwordOnly.getCredentialsProvider().resolveCredentials().block();
        assertThat(password.getUsername()).isNull();
        assertThat(new String(password.getPassword())).isEqualTo("s3cret");
        var user = withUser.getCredentialsProvider().resolveCredentials().block();
        assertThat(user.getUsername()).isEqualTo("gw");
        assertThat(new String(user.getPassword())).isEqualTo("s3cret");
        assertThat(withUser.toString()).doesNotContain("s3cret");
    }

    @Test
    void tlsVerifiesThePeerUnlessToldNotTo() {
        RedisURI verified = RedisConnector.uri(new RedisConfig("h:1", "", "", 0, true, false, 5, 3), TIMEOUT);
        RedisURI insecure = RedisConnector.uri(new RedisConfig("h:1", "", "", 0, true, true, 5, 3), TIMEOUT);

        assertThat(verified.isSsl()).isTrue();
        assertThat(verified.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
        assertThat(insecure.isSsl()).isTrue();
        assertThat(insecure.getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
    }

    @Test
    void retriesBackOffUpToTwoSeconds() {
        for (int attempt : new int[] {0, 1, 2, 5, 10, 40, 1_000_000, Integer.MAX_VALUE}) {
            assertThat(RedisConnector.retryDelay(attempt))
                    .isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
        }
    }
}
