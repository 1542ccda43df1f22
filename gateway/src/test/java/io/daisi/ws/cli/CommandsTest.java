package io.daisi.ws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.daisi.ws.auth.AdminClaims;
import io.daisi.ws.auth.ClaimsJson;
import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenKey;
import io.daisi.ws.auth.UserClaims;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process, with captured stdout/stderr and an environment of the test's own. */
class CommandsTest {

    private static final String USER_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String ADMIN_KEY = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeffe0e1e2e3e4e5e6e7e8e9eaebecedeeef";
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(env, dir);
        var commandLine = Commands.of(new ServeCommand(environment), environment, CLOCK)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(keys(), args);
    }

    private static Map<String, String> keys() {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_AUTH_TOKEN_AES_KEY", USER_KEY);
        env.put("DAISI_WS_AUTH_ADMIN_TOKEN_AES_KEY", ADMIN_KEY);
        return env;
    }

    private static byte[] open(String key, String token) {
        return new TokenCodec(TokenKey.fromHex(key)).open(token).orElseThrow();
    }

    @Test
    void userTokenIsTheOnlyOutputAndDecodesToTheClaimsWithTheDefaultLifetime() {
        Run run = run("token", "user", "--company", "c1", "--agent", "a1", "--user", "u1");

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList()).hasSize(1);
        UserClaims claims = ClaimsJson.readUser(open(USER_KEY, run.out().trim())).orElseThrow();
        assertThat(claims).isEqualTo(new UserClaims("c1", "a1", "u1", NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void ttlTakesSecondsOrAUnit() {
        for (var entry : Map.of("90", Duration.ofSeconds(90), "15m", Duration.ofMinutes(15), "2h", Duration.ofHours(2),
                "7d", Duration.ofDays(7), "30s", Duration.ofSeconds(30)).entrySet()) {
            Run run = run("token", "user", "--company", "c", "--agent", "a", "--user", "u", "--ttl", entry.getKey());
            assertThat(run.code()).as(entry.getKey()).isZero();
            UserClaims claims = ClaimsJson.readUser(open(USER_KEY, run.out().trim())).orElseThrow();
            assertThat(claims.expiresAt()).as(entry.getKey()).isEqualTo(NOW.plus(entry.getValue()));
        }
    }

    @Test
    void adminTokenCarriesItsScopeAndIsSealedWithTheAdminKey() {
        Run run = run("token", "admin", "--admin", "ops1", "--company", "c1", "--agent", "a1", "--restrict", "c1",
                "--ttl", "10m");

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        AdminClaims claims = ClaimsJson.readAdmin(open(ADMIN_KEY, run.out().trim())).orElseThrow();
        assertThat(claims).isEqualTo(new AdminClaims("ops1", Optional.of("c1"), Optional.of("a1"), Optional.of("c1"),
                NOW.plus(Duration.ofMinutes(10))));
        assertThat(new TokenCodec(TokenKey.fromHex(USER_KEY)).open(run.out().trim())).isEmpty();
    }

    @Test
    void adminTokenWithoutScopeHasNone() {
        Run run = run("token", "admin", "--admin", "ops1");

        AdminClaims claims = ClaimsJson.readAdmin(open(ADMIN_KEY, run.out().trim())).orElseThrow();
        assertThat(claims.subscribedCompanyId()).isEmpty();
        assertThat(claims.companyIdRestriction()).isEmpty();
    }

    @Test
    void tokenKeysComeFromTheConfigFileWhenTheEnvironmentSetsNone() throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, "auth:\n  token_aes_key: \"" + USER_KEY + "\"\n  admin_token_aes_key: \"" + ADMIN_KEY + "\"\n");

        Run run = run(Map.of(), "token", "user", "--config", file.toString(), "--company", "c", "--agent", "a",
                "--user", "u");

        assertThat(run.code()).isZero();
        assertThat(ClaimsJson.readUser(open(USER_KEY, run.out().trim()))).isPresent();
    }

    @Test
    void configGivenBeforeTheCommandIsUsedToo() throws Exception {
        Path file = dir.resolve("gw.yaml");
        Files.writeString(file, "auth:\n  token_aes_key: \"" + USER_KEY + "\"\n  admin_token_aes_key: \"" + ADMIN_KEY + "\"\n");

        Run token = run(Map.of(), "--config", file.toString(), "token", "user", "--company", "c", "--agent", "a",
                "--user", "u");
        Run check = run(Map.of("DAISI_WS_SERVER_HTTP_PORT", "8181"), "--config", file.toString(), "check-config");

        assertThat(token.code()).isZero();
        assertThat(ClaimsJson.readUser(open(USER_KEY, token.out().trim()))).isPresent();
        assertThat(check.code()).isZero();
        assertThat(check.out()).contains("http_port: 8181");
    }

    @Test
    void errorsGoToStderrWithExitCode1AndNothingOnStdout() {
        Map<String, Run> runs = Map.of(
                "missing --user", run("token", "user", "--company", "c", "--agent", "a"),
                "bad ttl", run("token", "user", "--company", "c", "--agent", "a", "--user", "u", "--ttl", "soon"),
                "zero ttl", run("token", "user", "--company", "c", "--agent", "a", "--user", "u", "--ttl", "0"),
                "dot in company", run("token", "user", "--company", "c.1", "--agent", "a", "--user", "u"),
                "scope mismatch", run("token", "admin", "--admin", "x", "--company", "c1", "--restrict", "c2"),
                "no kind", run("token"),
                "unknown command", run("mint"));
        runs.forEach((what, run) -> {
            assertThat(run.code()).as(what).isEqualTo(1);
            assertThat(run.out()).as(what).isEmpty();
            assertThat(run.err()).as(what).isNotBlank().doesNotContain("\tat ");
        });
    }

    @Test
    void aBadKeyIsNamedButNotPrinted() {
        Map<String, String> env = keys();
        env.put("DAISI_WS_AUTH_TOKEN_AES_KEY", "abc123");

        Run run = run(env, "token", "user", "--company", "c", "--agent", "a", "--user", "u");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("auth.token_aes_key").doesNotContain("abc123");
    }

    @Test
    void checkConfigPrintsTheEffectiveConfigWithSecretsRedacted() throws Exception {
        Map<String, String> env = keys();
        env.put("DAISI_WS_SERVER_HTTP_PORT", "9099");
        env.put("DAISI_WS_REDIS_PASSWORD", "hunter2");
        env.put("DAISI_WS_AUTH_SECRET_TOKEN", "api-key-one");

        Run run = run(env, "check-config");

        assertThat(run.code()).isZero();
        assertThat(run.out()).doesNotContain(USER_KEY).doesNotContain(ADMIN_KEY).doesNotContain("hunter2")
                .doesNotContain("api-key-one");
        JsonNode yaml = new YAMLMapper().readTree(run.out());
        assertThat(yaml.at("/server/http_port").asInt()).isEqualTo(9099);
        assertThat(yaml.at("/auth/token_aes_key").asText()).isEqualTo("<redacted>");
        assertThat(yaml.at("/auth/secret_token").asText()).isEqualTo("<redacted>");
        assertThat(yaml.at("/redis/password").asText()).isEqualTo("<redacted>");
        assertThat(yaml.at("/redis/username").asText()).isEmpty(); // empty: nothing to hide
        assertThat(yaml.at("/auth/token_cache_ttl_seconds").asInt()).isEqualTo(30);
        assertThat(yaml.at("/log/format").asText()).isEqualTo("json");
        assertThat(yaml.at("/adaptive_ttl/message_route/enabled").asBoolean()).isTrue();
    }

    @Test
    void checkConfigNamesEveryBadKeyAndExits1() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "server:\n  http_port: 70000\napp:\n  websocket_backpressure_drop_policy: sometimes\n");
        Map<String, String> env = keys();
        env.put("DAISI_WS_LOG_FORMAT", "xml");

        Run run = run(env, "check-config", "--config", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("server.http_port", "app.websocket_backpressure_drop_policy", "log.format");
    }

    @Test
    void checkConfigOfAMissingFileFails() {
        Run run = run("check-config", "--config", "nowhere.yaml");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("nowhere.yaml");
    }

    @Test
    void versionIsTheProjectVersionAndHelpListsTheCommands() {
        Run version = run("--version");
        Run help = run("--help");

        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("daisi-ws " + VersionProvider.version());
        assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("serve", "token", "check-config", "--config", "--version");
        assertThat(run("token", "user", "--help").out()).contains("--company", "--agent", "--user", "--ttl");
    }

    @Test
    void warningsOfTheLoaderGoToStderrOnly() {
        Map<String, String> env = keys();
        env.put("DAISI_WS_NO_SUCH_KEY", "1");

        Run run = run(env, "token", "admin", "--admin", "a");

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("DAISI_WS_NO_SUCH_KEY");
        assertThat(run.out().lines().toList()).hasSize(1);
    }
}
