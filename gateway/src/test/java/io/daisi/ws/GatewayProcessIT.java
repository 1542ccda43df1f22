package io.daisi.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.testsupport.FreePorts;
import io.daisi.ws.testsupport.GatewayProcess;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as an operator runs it: a separate JVM, configured by environment, stopped by SIGTERM. */
class GatewayProcessIT {

    @Test
    void sigtermClosesSocketsWith1001AndExitsWithinTheTimeout(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestGateway.baseEnv());
        int port = FreePorts.next();
        env.put("DAISI_WS_SERVER_HTTP_PORT", Integer.toString(port));
        env.put("DAISI_WS_APP_SHUTDOWN_TIMEOUT_SECONDS", "10");
        Process process = GatewayProcess.launch(dir, env);
        try {
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> TestHttp.get(base + "/health").status() == 200);
            String token = TestHttp.post(base + "/generate-token",
                    "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\"}",
                    Map.of("X-API-Key", TestGateway.API_KEY)).json().get("token").asText();
            try (TestSocket socket = TestSocket.connect("ws://127.0.0.1:" + port + "/ws/c/a?token="
                    + TestGateway.enc(token) + "&x-api-key=" + TestGateway.enc(TestGateway.API_KEY))) {
                assertThat(socket.next().get("type").asText()).isEqualTo("ready");
                process.destroy(); // SIGTERM
                assertThat(socket.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1001);
            }
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within the shutdown timeout").isTrue();
            String logs = Files.readString(dir.resolve("stdout.log"));
            assertThat(logs).contains("shutdown complete");
            // JSON lines, and no token anywhere in them
            assertThat(logs.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
            assertThat(logs).doesNotContain(token).doesNotContain(TestGateway.API_KEY);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void invalidConfigurationFailsStartupNamingTheKey(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(TestGateway.baseEnv());
        env.put("DAISI_WS_AUTH_TOKEN_AES_KEY", "abc123");
        env.put("DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY", "sometimes");
        Process process = GatewayProcess.launch(dir, env);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String stderr = Files.readString(dir.resolve("stderr.log"));
        assertThat(stderr).contains("auth.token_aes_key").contains("app.websocket_backpressure_drop_policy")
                .doesNotContain("abc123").doesNotContain("\tat ");
    }

    @Test
    void aConfigFileGivenWithTheFlagIsUsed(@TempDir Path dir) throws Exception {
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>(TestGateway.baseEnv());
        env.remove("DAISI_WS_SERVER_HTTP_PORT");
        Path file = dir.resolve("custom.yaml");
        Files.writeString(file, "server:\n  http_port: " + port + "\n");
        Process process = GatewayProcess.launch(dir, env, "--config", file.toString());
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> TestHttp.get("http://127.0.0.1:" + port + "/health").status() == 200);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }
}
