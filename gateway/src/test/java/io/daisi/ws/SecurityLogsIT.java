package io.daisi.ws;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.daisi.ws.config.AuthConfig;
import io.daisi.ws.config.CapturedLogs;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3/§7 start-up warnings of a cluster pod, and no credential from the configuration in
 * any log line, with every logger captured while real pods start, serve a socket and stop.
 */
class SecurityLogsIT {
    private static final String REDIS_PASSWORD = "redis-pw-Kq81";
    private static final String NATS_PASSWORD = "nats-pw-Zr55";
    private static final String PEER_TOKEN = "peer-token-Wx17";

    private final CapturedLogs logs = CapturedLogs.everyLogger();
    private RedisServer redis;
    private NatsServer nats;

    @AfterEach
    void stop() {
        logs.close();
        if (nats != null) {
            nats.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aClusterPodWithTheShippedKeysWarnsNamingThemAndNoCredentialReachesALog() throws IOException {
        redis = RedisServer.launch();
        redis.command("CONFIG", "SET", "requirepass", REDIS_PASSWORD);
        nats = NatsServer.launch();
        String natsUrl = nats.url().replace("nats://", "nats://daisi:" + NATS_PASSWORD + "@");
        AuthConfig shipped = shippedAuth();

        try (TestGateway pod = TestGateway.startInSelectedMode(Map.of(
                "DAISI_WS_REDIS_ADDRESS", redis.address(),
                "DAISI_WS_REDIS_PASSWORD", REDIS_PASSWORD,
                "DAISI_WS_NATS_URL", natsUrl,
                "DAISI_WS_SERVER_PEER_AUTH_TOKEN", PEER_TOKEN,
                "DAISI_WS_AUTH_SECRET_TOKEN", shipped.secretToken(),
                "DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", shipped.adminSecretToken(),
                "DAISI_WS_AUTH_TOKEN_AES_KEY", shipped.tokenAesKey(),
                "DAISI_WS_AUTH_ADMIN_TOKEN_AES_KEY", shipped.adminTokenAesKey()))) {
            TestHttp.Response issued = TestHttp.post(pod.http("/generate-token"), TestHttp.json(Map.of(
                    "company_id", "c1", "agent_id", "a1", "user_id", "u1", "expires_in_seconds", 600)),
                    Map.of("X-API-Key", shipped.secretToken()));
            assertThat(issued.status()).isEqualTo(200);
            String token = issued.json().get("token").asText();
            try (TestSocket socket = TestSocket.connect(
                    pod.ws("/ws/c1/a1?token=" + TestGateway.enc(token) + "&x-api-key="
                            + TestGateway.enc(shipped.secretToken())), Map.of(), "json.v1")) {
                assertThat(socket.next().path("type").asText()).isEqualTo("ready");
            }
        }

        assertThat(logs.messagesAt(Level.WARN)).anySatisfy(warn -> assertThat(warn)
                .contains("development keys", "auth.secret_token", "auth.admin_secret_token", "auth.token_aes_key",
                        "auth.admin_token_aes_key"));
        assertThat(logs.messages()).anySatisfy(line -> assertThat(line).contains("events come from NATS JetStream at nats://***@"));
        assertThat(logs.messages()).noneMatch(line -> line.contains("accepts events from anyone"));
        List<String> secrets = List.of(REDIS_PASSWORD, NATS_PASSWORD, PEER_TOKEN, shipped.secretToken(),
                shipped.adminSecretToken(), shipped.tokenAesKey(), shipped.adminTokenAesKey());
        assertThat(logs.lines()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(secrets));
    }

    @Test
    void aClusterPodWithNeitherPeerTokenNorGrpcTlsWarnsThatItsGrpcPortIsOpen() {
        redis = RedisServer.launch();

        try (TestGateway pod = TestGateway.startInSelectedMode(Map.of("DAISI_WS_REDIS_ADDRESS", redis.address()))) {
            assertThat(pod.gateway().podId()).isNotBlank();
        }

        assertThat(logs.messagesAt(Level.WARN))
                .anySatisfy(warn -> assertThat(warn).contains("accepts events from anyone who can reach it"))
                .noneMatch(warn -> warn.contains("development keys"));
    }

    @Test
    void aStandalonePodWithTheShippedKeysDoesNotWarn() {
        AuthConfig shipped = shippedAuth();
        try (TestGateway pod = TestGateway.startInSelectedMode(Map.of(
                "DAISI_WS_AUTH_SECRET_TOKEN", shipped.secretToken(),
                "DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", shipped.adminSecretToken(),
                "DAISI_WS_AUTH_TOKEN_AES_KEY", shipped.tokenAesKey(),
                "DAISI_WS_AUTH_ADMIN_TOKEN_AES_KEY", shipped.adminTokenAesKey()))) {
            assertThat(pod.gateway().podId()).isNotBlank();
        }

        assertThat(logs.messagesAt(Level.WARN)).noneMatch(warn -> warn.contains("development keys")
                || warn.contains("accepts events from anyone"));
    }

    /** The auth section of the built-in defaults (the shipped config/config.yaml). */
    private static AuthConfig shippedAuth() {
        try {
            Path empty = Files.createTempDirectory("daisi-ws-defaults");
            try {
                return new ConfigLoader(Optional.empty(), Map.of(), empty).load().config().auth();
            } finally {
                Files.delete(empty);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
