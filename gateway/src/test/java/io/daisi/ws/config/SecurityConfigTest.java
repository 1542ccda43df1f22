package io.daisi.ws.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The security keys of the {@code server} section (SPEC §3, §7) and the development-key check. */
class SecurityConfigTest {

    @TempDir
    Path dir;

    private GatewayConfig load(Map<String, String> env) {
        Path work = dir.resolve("work");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TestConfigs.defaultsOnly(work, env).load().config();
    }

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
    }

    @ParameterizedTest(name = "{0} alone is rejected as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SERVER_TLS_CERT_FILE       | server.tls_key_file
            SERVER_TLS_KEY_FILE        | server.tls_key_file
            SERVER_GRPC_TLS_CERT_FILE  | server.grpc_tls_key_file
            SERVER_GRPC_TLS_KEY_FILE   | server.grpc_tls_key_file
            SERVER_GRPC_TLS_CA_FILE    | server.grpc_tls_ca_file
            """)
    void halfATlsPairIsRejected(String variable, String key) throws IOException {
        GatewayConfig config = load(Map.of("DAISI_WS_" + variable, file("one.pem").toString()));

        assertThat(ConfigValidator.problems(config)).anySatisfy(problem -> assertThat(problem).startsWith(key + ": "));
    }

    @Test
    void aMissingFileIsRejectedNamingItsKey() throws IOException {
        GatewayConfig config = load(Map.of(
                "DAISI_WS_SERVER_TLS_CERT_FILE", dir.resolve("absent.crt").toString(),
                "DAISI_WS_SERVER_TLS_KEY_FILE", file("tls.key").toString()));

        assertThat(ConfigValidator.problems(config)).singleElement().asString()
                .startsWith("server.tls_cert_file: ").contains("absent.crt");
    }

    @Test
    void completePairsAndACaAreAccepted() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_SERVER_TLS_CERT_FILE", file("http.crt").toString());
        env.put("DAISI_WS_SERVER_TLS_KEY_FILE", file("http.key").toString());
        env.put("DAISI_WS_SERVER_GRPC_TLS_CERT_FILE", file("grpc.crt").toString());
        env.put("DAISI_WS_SERVER_GRPC_TLS_KEY_FILE", file("grpc.key").toString());
        env.put("DAISI_WS_SERVER_GRPC_TLS_CA_FILE", file("ca.crt").toString());
        env.put("DAISI_WS_SERVER_PEER_AUTH_TOKEN", "a-long-random-token");

        GatewayConfig config = load(env);

        assertThat(ConfigValidator.problems(config)).isEmpty();
        assertThat(config.server().httpsEnabled()).isTrue();
        assertThat(config.server().grpcTlsEnabled()).isTrue();
    }

    @Test
    void aPeerTokenWithSpacesIsRejectedWithoutEchoingIt() {
        GatewayConfig config = load(Map.of("DAISI_WS_SERVER_PEER_AUTH_TOKEN", "secret with spaces"));

        assertThat(ConfigValidator.problems(config)).singleElement().asString()
                .startsWith("server.peer_auth_token: ").doesNotContain("secret with spaces");
    }

    @Test
    void thePeerTokenIsASecretAndTlsKeysNeedARestart() {
        assertThat(ConfigSchema.isSecret("server.peer_auth_token")).isTrue();
        GatewayConfig before = load(Map.of());
        GatewayConfig after = load(Map.of("DAISI_WS_SERVER_PEER_AUTH_TOKEN", "t", "DAISI_WS_SERVER_GRPC_TLS_CA_FILE", "x"));

        assertThat(new ConfigChange(before, after, ConfigSchema.GATEWAY.changedKeys(before, after)).restartRequired())
                .containsExactly("server.peer_auth_token", "server.grpc_tls_ca_file");
    }

    @Test
    void theShippedKeysAreNamedAndOwnKeysAreNot() {
        assertThat(DevelopmentKeys.inUse(load(Map.of()))).containsExactly(
                "auth.secret_token", "auth.admin_secret_token", "auth.token_aes_key", "auth.admin_token_aes_key");

        GatewayConfig shipped = load(Map.of());
        GatewayConfig partly = load(Map.of(
                "DAISI_WS_AUTH_SECRET_TOKEN", "my-own-api-key",
                "DAISI_WS_AUTH_TOKEN_AES_KEY", "1".repeat(64),
                // the same bytes in upper case are still the published key
                "DAISI_WS_AUTH_ADMIN_TOKEN_AES_KEY", shipped.auth().adminTokenAesKey().toUpperCase()));
        assertThat(DevelopmentKeys.inUse(partly)).isEqualTo(List.of("auth.admin_secret_token", "auth.admin_token_aes_key"));
    }

    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource(delimiter = '|', textBlock = """
            APP_MAX_CONNECTIONS_PER_IP        | -1                       | app.max_connections_per_ip
            APP_HANDSHAKES_PER_SECOND_PER_IP  | -1                       | app.handshakes_per_second_per_ip
            APP_TRUSTED_PROXIES               | 'lb.internal'            | app.trusted_proxies
            APP_TRUSTED_PROXIES               | '10.0.0.0/8,10.0.0.0/99' | app.trusted_proxies
            """)
    void badPerIpLimitsAreRejectedNamingTheKey(String variable, String value, String key) {
        assertThat(ConfigValidator.problems(load(Map.of("DAISI_WS_" + variable, value))))
                .anySatisfy(problem -> assertThat(problem).startsWith(key + ": "));
    }

    @Test
    void perIpLimitsAreOffByDefaultAndTrustedProxiesAcceptIpsAndCidrs() {
        GatewayConfig defaults = load(Map.of());
        assertThat(defaults.app().maxConnectionsPerIp()).isZero();
        assertThat(defaults.app().handshakesPerSecondPerIp()).isZero();
        assertThat(defaults.app().trustedProxies()).isEmpty();

        GatewayConfig proxied = load(Map.of("DAISI_WS_APP_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,fd00::/8"));
        assertThat(ConfigValidator.problems(proxied)).isEmpty();
        assertThat(proxied.app().trustedProxies()).hasSize(3);
    }
}
