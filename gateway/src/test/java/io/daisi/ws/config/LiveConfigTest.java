package io.daisi.ws.config;

import static io.daisi.ws.config.TestConfigs.loader;
import static io.daisi.ws.config.TestConfigs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveConfigTest {

    @TempDir
    Path dir;

    private Path file;
    private final List<ConfigChange> changes = new CopyOnWriteArrayList<>();
    private final CapturedLogs logs = new CapturedLogs(LiveConfig.class);

    @BeforeEach
    void setUp() {
        file = write(dir.resolve("gw.yaml"), "app:\n  ping_interval_seconds: 20\n");
    }

    @AfterEach
    void tearDown() {
        logs.close();
    }

    private LiveConfig liveConfig() {
        LiveConfig live = LiveConfig.load(loader(file, Map.of()));
        live.addListener(changes::add);
        return live;
    }

    @Test
    void validChangeIsAppliedAndListenersGetTheChangedKeys() {
        LiveConfig live = liveConfig();
        GatewayConfig before = live.current();
        write(file, "app:\n  ping_interval_seconds: 25\nlog:\n  level: debug\n");

        ReloadResult result = live.reload();

        assertThat(live.current().app().pingIntervalSeconds()).isEqualTo(25);
        assertThat(result).isInstanceOfSatisfying(ReloadResult.Applied.class, applied ->
                assertThat(applied.change().changedKeys()).containsExactly("log.level", "app.ping_interval_seconds"));
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.previous()).isEqualTo(before);
            assertThat(change.next()).isEqualTo(live.current());
            assertThat(change.changed("app")).isTrue();
            assertThat(change.changed("server")).isFalse();
            assertThat(change.restartRequired()).isEmpty();
        });
        assertThat(logs.messages()).anySatisfy(line -> assertThat(line)
                .contains("log.level (info -> debug)", "app.ping_interval_seconds (20 -> 25)"));
    }

    @Test
    void reloadWithoutChangeNotifiesNobody() {
        LiveConfig live = liveConfig();

        assertThat(live.reload()).isInstanceOf(ReloadResult.Unchanged.class);
        assertThat(changes).isEmpty();
    }

    /** Reloads after writing {@code yaml}, which must be rejected with the config in force kept. */
    private List<String> problemsOfRejectedReload(String yaml) {
        LiveConfig live = liveConfig();
        GatewayConfig before = live.current();
        write(file, yaml);

        ReloadResult result = live.reload();

        assertThat(live.current()).isSameAs(before);
        assertThat(changes).isEmpty();
        assertThat(result).isInstanceOf(ReloadResult.Rejected.class);
        return ((ReloadResult.Rejected) result).problems();
    }

    @Test
    void fileWithTypeErrorIsRejectedAndTheOldConfigKept() {
        List<String> problems = problemsOfRejectedReload("server:\n  http_port: abc\n");

        assertThat(problems).singleElement().asString().startsWith("server.http_port: ");
        assertThat(logs.messages()).anySatisfy(line -> assertThat(line).contains("rejected", "server.http_port"));
    }

    @Test
    void fileThatFailsValidationIsRejectedAndTheOldConfigKept() {
        List<String> problems = problemsOfRejectedReload("server:\n  http_port: 0\nauth:\n  token_aes_key: \"cafe\"\n");

        assertThat(problems).hasSize(2);
        assertThat(logs.messages()).anySatisfy(line -> assertThat(line)
                .contains("server.http_port", "auth.token_aes_key").doesNotContain("cafe"));
    }

    @Test
    void invalidFirstConfigFailsTheLoad() {
        write(file, "app:\n  max_frame_bytes: 10\n");

        assertThatThrownBy(() -> LiveConfig.load(loader(file, Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("app.max_frame_bytes");
    }

    @Test
    void aThrowingListenerDoesNotKeepOthersFromTheChange() {
        LiveConfig live = LiveConfig.load(loader(file, Map.of()));
        live.addListener(change -> {
            throw new IllegalStateException("listener bug");
        });
        live.addListener(changes::add);
        write(file, "app:\n  ping_interval_seconds: 21\n");

        assertThat(live.reload()).isInstanceOf(ReloadResult.Applied.class);
        assertThat(changes).hasSize(1);
    }

    @Test
    void secretsAreNamedButTheirValuesNeverLogged() {
        LiveConfig live = liveConfig();
        write(file, """
                auth:
                  secret_token: "n3w-s3cret-t0ken"
                nats:
                  url: "nats://user:hunter2@nats:4222"
                  password: "hunter3"
                """);

        live.reload();

        assertThat(changes).singleElement().satisfies(change -> assertThat(change.changedKeys())
                .containsExactlyInAnyOrder("auth.secret_token", "nats.url", "nats.password"));
        assertThat(logs.messages()).anySatisfy(line -> assertThat(line).contains("auth.secret_token", "nats.password"))
                .allSatisfy(line -> assertThat(line).doesNotContain("n3w-s3cret-t0ken", "hunter2", "hunter3",
                        "X4GfjOQLJpy8maMlMeF0VIHj0sNMegBL"));
    }

    @Test
    void changesThatNeedARestartAreWarnedAbout() {
        LiveConfig live = liveConfig();
        write(file, "server:\n  http_port: 8081\napp:\n  ping_interval_seconds: 20\n");

        live.reload();

        assertThat(changes).singleElement().satisfies(change -> assertThat(change.restartRequired())
                .containsExactly("server.http_port"));
        assertThat(logs.messagesAt(Level.WARN))
                .anySatisfy(line -> assertThat(line).contains("restart", "server.http_port"));
    }

    @Test
    void reloadReadsTheEnvironmentAgain() {
        Map<String, String> env = new ConcurrentHashMap<>();
        LiveConfig live = LiveConfig.load(TestConfigs.defaultsOnly(dir, env));
        env.put("DAISI_WS_APP_MAX_CONNECTIONS", "500");

        assertThat(live.reload()).isInstanceOf(ReloadResult.Applied.class);
        assertThat(live.current().app().maxConnections()).isEqualTo(500);
    }
}
