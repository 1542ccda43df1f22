package io.daisi.ws.config;

import static io.daisi.ws.config.TestConfigs.defaultsOnly;
import static io.daisi.ws.config.TestConfigs.loader;
import static io.daisi.ws.config.TestConfigs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsOnlyAreTheShippedFile() {
        LoadedConfig defaults = defaultsOnly(dir, Map.of()).load();
        LoadedConfig shipped = loader(TestConfigs.SHIPPED_FILE, Map.of()).load();

        assertThat(defaults.file()).isEmpty();
        assertThat(defaults.config()).isEqualTo(shipped.config());
        GatewayConfig config = defaults.config();
        assertThat(config.server().httpPort()).isEqualTo(8080);
        assertThat(config.server().podAddressTemplate()).isEqualTo("{pod_id}:{grpc_port}");
        assertThat(config.nats().maxReconnects()).isEqualTo(-1);
        assertThat(config.auth().maxTokenExpiresInSeconds()).isEqualTo(2_592_000L);
        assertThat(config.app().allowedOrigins()).isEmpty();
        assertThat(config.adaptiveTtl().messageRoute().enabled()).isTrue();
        assertThat(config.adaptiveTtl().chatRoute().maxTtlSeconds()).isEqualTo(7200);
    }

    @Test
    void shippedFileLoadsWithoutWarnings() {
        LoadedConfig shipped = loader(TestConfigs.SHIPPED_FILE, Map.of()).load();

        assertThat(shipped.warnings()).isEmpty();
        assertThat(shipped.file()).contains(TestConfigs.SHIPPED_FILE.toAbsolutePath().getParent()
                .resolve(TestConfigs.SHIPPED_FILE));
    }

    @Test
    void partialFileOverridesOnlyItsKeys() {
        Path file = write(dir.resolve("gw.yaml"), """
                server:
                  http_port: 9090
                adaptive_ttl:
                  chat_route:
                    enabled: true
                """);

        GatewayConfig config = loader(file, Map.of()).load().config();
        GatewayConfig defaults = defaultsOnly(dir, Map.of()).load().config();

        assertThat(config.server().httpPort()).isEqualTo(9090);
        assertThat(config.server().grpcPort()).isEqualTo(defaults.server().grpcPort());
        assertThat(config.adaptiveTtl().chatRoute().enabled()).isTrue();
        assertThat(config.adaptiveTtl().chatRoute().maxTtlSeconds()).isEqualTo(7200);
        assertThat(config.app()).isEqualTo(defaults.app());
    }

    @Test
    void unknownKeysAreWarningsNotFailures() {
        // the reference service's config has app keys misplaced under redis
        Path file = write(dir.resolve("gw.yaml"), """
                redis:
                  address: "redis:6379"
                  session_lock_retry_delay_ms: 100
                metrics:
                  enabled: true
                """);

        LoadedConfig loaded = loader(file, Map.of()).load();

        assertThat(loaded.config().redis().address()).isEqualTo("redis:6379");
        assertThat(loaded.config().app().sessionLockRetryDelayMs()).isEqualTo(250);
        assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).contains("redis.session_lock_retry_delay_ms"))
                .anySatisfy(w -> assertThat(w).contains("metrics"));
    }

    @Test
    void emptyFileAndEmptySectionKeepDefaults() {
        Path empty = write(dir.resolve("empty.yaml"), "");
        Path emptySection = write(dir.resolve("section.yaml"), "server:\n");
        GatewayConfig defaults = defaultsOnly(dir, Map.of()).load().config();

        assertThat(loader(empty, Map.of()).load().config()).isEqualTo(defaults);
        assertThat(loader(emptySection, Map.of()).load().config()).isEqualTo(defaults);
    }

    @Test
    void environmentOverridesFileAndDefaults() {
        Path file = write(dir.resolve("gw.yaml"), "server:\n  http_port: 9090\n");
        Map<String, String> env = Map.of(
                "DAISI_WS_SERVER_HTTP_PORT", "9191",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_MAX_TTL_SECONDS", "45",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_ENABLED", "true",
                "DAISI_WS_APP_DEV_ENDPOINTS", "TRUE",
                "DAISI_WS_APP_ALLOWED_ORIGINS", "https://a.example, https://b.example,,",
                "DAISI_WS_AUTH_MAX_TOKEN_EXPIRES_IN_SECONDS", "5000000000");

        GatewayConfig config = loader(file, env).load().config();

        assertThat(config.server().httpPort()).isEqualTo(9191);
        assertThat(config.adaptiveTtl().sessionLock().maxTtlSeconds()).isEqualTo(45);
        assertThat(config.adaptiveTtl().sessionLock().enabled()).isTrue();
        assertThat(config.app().devEndpoints()).isTrue();
        assertThat(config.app().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.auth().maxTokenExpiresInSeconds()).isEqualTo(5_000_000_000L);
    }

    @Test
    void setButEmptyVariableUnsetsTheKey() {
        Path file = write(dir.resolve("gw.yaml"), """
                server:
                  http_port: 9090
                nats:
                  url: "nats://nats:4222"
                app:
                  allowed_origins: ["https://a.example"]
                """);
        Map<String, String> env = Map.of(
                "DAISI_WS_SERVER_HTTP_PORT", "",
                "DAISI_WS_NATS_URL", "",
                "DAISI_WS_APP_ALLOWED_ORIGINS", "");

        GatewayConfig config = loader(file, env).load().config();

        assertThat(config.nats().url()).isEmpty();
        assertThat(config.server().httpPort()).isEqualTo(8080);
        assertThat(config.app().allowedOrigins()).isEmpty();
    }

    @Test
    void unknownEnvironmentVariableIsAWarning() {
        LoadedConfig loaded = defaultsOnly(dir, Map.of("DAISI_WS_SERVER_HTTPPORT", "1", "HOME", "/root")).load();

        assertThat(loaded.warnings()).singleElement().asString().contains("DAISI_WS_SERVER_HTTPPORT");
    }

    @Test
    void podIdDefaultsToTheHostname() {
        String podId = defaultsOnly(dir, Map.of()).load().config().server().podId();
        String explicit = defaultsOnly(dir, Map.of("DAISI_WS_SERVER_POD_ID", "gw-7")).load().config().server().podId();

        assertThat(podId).isNotBlank();
        assertThat(explicit).isEqualTo("gw-7");
    }

    @Test
    void podIdStaysTheSameAcrossLoads() {
        ConfigLoader loader = defaultsOnly(dir, Map.of());

        assertThat(loader.load().config().server().podId()).isEqualTo(loader.load().config().server().podId());
    }

    @Test
    void fileComesFromFlagThenEnvironmentThenWorkingDirectory() {
        Path flagged = write(dir.resolve("flag.yaml"), "");
        Path named = write(dir.resolve("env.yaml"), "");
        Path local = write(dir.resolve("config").resolve("config.yaml"), "");
        Map<String, String> env = Map.of(ConfigLoader.CONFIG_FILE_ENV_VAR, "env.yaml");

        assertThat(new ConfigLoader(Optional.of(Path.of("flag.yaml")), env, dir).file()).contains(flagged);
        assertThat(new ConfigLoader(Optional.empty(), env, dir).file()).contains(named);
        assertThat(new ConfigLoader(Optional.empty(), Map.of(), dir).file()).contains(local);
        assertThat(new ConfigLoader(Optional.empty(), Map.of(ConfigLoader.CONFIG_FILE_ENV_VAR, ""), dir).file())
                .contains(local);
    }

    @Test
    void namedFileThatDoesNotExistIsAnError() {
        ConfigLoader fromFlag = new ConfigLoader(Optional.of(dir.resolve("missing.yaml")), Map.of(), dir);
        ConfigLoader fromEnv = new ConfigLoader(Optional.empty(),
                Map.of(ConfigLoader.CONFIG_FILE_ENV_VAR, "gone.yaml"), dir);

        assertThatThrownBy(fromFlag::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.yaml").hasMessageContaining("--config");
        assertThatThrownBy(fromEnv::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gone.yaml").hasMessageContaining(ConfigLoader.CONFIG_FILE_ENV_VAR);
    }

    @Test
    void typeErrorNamesTheKey() {
        Path file = write(dir.resolve("gw.yaml"), "server:\n  http_port: abc\n");

        assertThatThrownBy(() -> loader(file, Map.of()).load()).isInstanceOf(ConfigException.class)
                .hasMessage("server.http_port: expected an integer, got \"abc\"");
    }

    @Test
    void everyTypeErrorIsReportedWithItsSource() {
        Path file = write(dir.resolve("gw.yaml"), """
                server: 8080
                nats:
                  create_stream: maybe
                  max_deliver: 2.5
                app:
                  allowed_origins: {a: b}
                  max_connections: 99999999999
                """);
        Map<String, String> env = Map.of("DAISI_WS_ADAPTIVE_TTL_CHAT_ROUTE_ENABLED", "sometimes");

        ConfigException error = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> loader(file, env).load());

        assertThat(error.problems()).containsExactly(
                "server: expected a mapping of keys, got 8080",
                "nats.create_stream: expected true or false, got \"maybe\"",
                "nats.max_deliver: expected an integer, got 2.5",
                "app.allowed_origins: expected a list of strings, got a mapping",
                "app.max_connections: expected an integer from -2147483648 to 2147483647, got 99999999999",
                "adaptive_ttl.chat_route.enabled: expected true or false, got \"sometimes\""
                        + " (from DAISI_WS_ADAPTIVE_TTL_CHAT_ROUTE_ENABLED)");
    }

    @Test
    void invalidYamlNamesTheFileButNotTheLine() {
        Path file = write(dir.resolve("gw.yaml"), "auth:\n  secret_token: \"s3cr3t-value\n  x: [\n");

        assertThatThrownBy(() -> loader(file, Map.of()).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gw.yaml").hasMessageContaining("not valid YAML")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void duplicateKeysAreAnError() {
        Path file = write(dir.resolve("gw.yaml"), "server:\n  http_port: 1\n  http_port: 2\n");

        assertThatThrownBy(() -> loader(file, Map.of()).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("http_port");
    }

    @Test
    void schemaKeysMapToDistinctVariables() {
        List<String> vars = ConfigSchema.GATEWAY.keys().stream().map(ConfigSchema.Key::envVar).toList();

        assertThat(vars).doesNotHaveDuplicates()
                .contains("DAISI_WS_SERVER_POD_ID", "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_ENABLED",
                        "DAISI_WS_APP_NATS_MAX_ACK_PENDING");
    }
}
