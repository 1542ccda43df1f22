package io.daisi.ws.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.auth.ClaimsJson;
import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenKey;
import io.daisi.ws.auth.UserClaims;
import io.daisi.ws.testsupport.GatewayProcess;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator runs it: a separate JVM, its real stdout, stderr and exit code. */
class CommandLineIT {

    private static int runToEnd(Process process) throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return process.exitValue();
    }

    @Test
    void tokenUserPrintsOnlyATokenTheGatewayKeyOpens(@TempDir Path dir) throws Exception {
        Map<String, String> env = TestGateway.baseEnv();
        Instant before = Instant.now();

        int code = runToEnd(GatewayProcess.launch(dir, env,
                "token", "user", "--company", "c1", "--agent", "a1", "--user", "u1", "--ttl", "2h"));

        assertThat(code).isZero();
        String stdout = Files.readString(dir.resolve("stdout.log"));
        assertThat(stdout.lines().toList()).as("the token and nothing else, no log line").hasSize(1);
        TokenKey key = TokenKey.fromHex(TestGateway.FIXTURES.get("user_token_aes_key").asText());
        UserClaims claims = ClaimsJson.readUser(new TokenCodec(key).open(stdout.trim()).orElseThrow()).orElseThrow();
        assertThat(claims.companyId()).isEqualTo("c1");
        assertThat(claims.agentId()).isEqualTo("a1");
        assertThat(claims.userId()).isEqualTo("u1");
        // bounds from this test's own reading of the clock, not a fixed date
        assertThat(claims.expiresAt()).isBetween(before.plus(Duration.ofHours(2)),
                Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void checkConfigFailsWithExit1NamingTheKeyAndVersionPrintsTheVersion(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestGateway.baseEnv());
        env.put("DAISI_WS_SERVER_GRPC_PORT", "0");

        int code = runToEnd(GatewayProcess.launch(dir, env, "check-config"));

        assertThat(code).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("stdout.log"))).isEmpty();
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("server.grpc_port").doesNotContain("\tat ");

        Path other = Files.createDirectories(dir.resolve("version"));
        assertThat(runToEnd(GatewayProcess.launch(other, env, "--version"))).isZero();
        assertThat(Files.readString(other.resolve("stdout.log"))).startsWith("daisi-ws " + VersionProvider.version());
    }

    @Test
    void serveWithTextLogsWritesReadableLines(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestGateway.baseEnv());
        env.put("DAISI_WS_LOG_FORMAT", "text");
        Process process = GatewayProcess.launch(dir, env, "serve");
        try {
            String base = "http://127.0.0.1:" + env.get("DAISI_WS_SERVER_HTTP_PORT");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> TestHttp.get(base + "/health").status() == 200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(dir.resolve("stdout.log")).contains("daisi-ws ready on port"));
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
        String logs = Files.readString(dir.resolve("stdout.log"));
        String ready = logs.lines().filter(line -> line.contains("daisi-ws ready on port")).findFirst().orElseThrow();
        assertThat(ready).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO .*");
        // from the first line on: the format is set before the configuration is reported
        assertThat(logs.lines().filter(line -> !line.isBlank())).noneMatch(line -> line.startsWith("{"))
                .anyMatch(line -> line.contains("configuration loaded from"));
    }
}
