package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.NatsConfig;
import io.nats.client.Options;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsOptionsTest {

    private static NatsConfig nats(Map<String, String> env) {
        return JetStreamTesting.config(env).nats();
    }

    @Test
    void mapsTimingAndIdentityFromConfig() {
        Options options = NatsOptions.builder(nats(Map.of(
                "DAISI_WS_NATS_URL", "nats://a:4222, nats://b:4223",
                "DAISI_WS_NATS_CONNECT_TIMEOUT_SECONDS", "3",
                "DAISI_WS_NATS_RECONNECT_WAIT_SECONDS", "4",
                "DAISI_WS_NATS_PING_INTERVAL_SECONDS", "7",
                "DAISI_WS_NATS_MAX_PINGS_OUT", "5")), "pod-1").build();

        assertThat(options.getServers()).containsExactly(URI.create("nats://a:4222"), URI.create("nats://b:4223"));
        assertThat(options.getConnectionName()).isEqualTo("pod-1");
        assertThat(options.getMaxReconnect()).as("max_reconnects -1 = forever").isEqualTo(-1);
        assertThat(options.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.getReconnectWait()).isEqualTo(Duration.ofSeconds(4));
        assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.getMaxPingsOut()).isEqualTo(5);
        assertThat(options.getSslContext()).isNull();
    }

    @Test
    void passesUserPasswordTokenAndCredsFile() {
        Options withUser = NatsOptions.builder(nats(Map.of("DAISI_WS_NATS_URL", "nats://h:4222",
                "DAISI_WS_NATS_USER", "gw", "DAISI_WS_NATS_PASSWORD", "pw")), "p").build();
        assertThat(withUser.getUsername()).isEqualTo("gw");
        assertThat(withUser.getPassword()).isEqualTo("pw");

        Options withToken = NatsOptions.builder(nats(Map.of("DAISI_WS_NATS_URL", "nats://h:4222",
                "DAISI_WS_NATS_TOKEN", "s3cret")), "p").build();
        assertThat(withToken.getTokenChars()).containsExactly("s3cret".toCharArray());

        Options withCreds = NatsOptions.builder(nats(Map.of("DAISI_WS_NATS_URL", "nats://h:4222",
                "DAISI_WS_NATS_CREDS_FILE", "/etc/nats/user.creds")), "p").build();
        assertThat(withCreds.getAuthHandler()).isNotNull();
    }

    @Test
    void tlsWithoutFilesUsesTheJvmDefaultTrust() {
        Options options = NatsOptions.builder(nats(Map.of("DAISI_WS_NATS_URL", "tls://h:4222",
                "DAISI_WS_NATS_TLS", "true")), "p").build();
        assertThat(options.getSslContext()).isNotNull();
    }

    @Test
    void anUnreadableTlsFileIsAConfigErrorNamingTheKey() {
        NatsConfig config = nats(Map.of("DAISI_WS_NATS_URL", "tls://h:4222", "DAISI_WS_NATS_TLS", "true",
                "DAISI_WS_NATS_TLS_CA_FILE", "/nonexistent/ca.pem"));
        assertThatThrownBy(() -> NatsOptions.builder(config, "p"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nats.tls_ca_file");
    }

    @Test
    void displayUrlHidesCredentials() {
        assertThat(NatsOptions.displayUrl("nats://gw:pw@h1:4222,nats://tok@h2:4222, nats://h3:4222"))
                .isEqualTo("nats://***@h1:4222,nats://***@h2:4222,nats://h3:4222");
    }

    @Test
    void redactHidesCredentialsInsideErrorMessages() {
        assertThat(NatsOptions.redact("Unable to connect to NATS servers: [nats://gw:pw@h1:4222, tls://t@h2:1]"))
                .isEqualTo("Unable to connect to NATS servers: [nats://***@h1:4222, tls://***@h2:1]");
        assertThat(NatsOptions.redact("user a@b.c at nats://h:4222")).isEqualTo("user a@b.c at nats://h:4222");
    }
}
