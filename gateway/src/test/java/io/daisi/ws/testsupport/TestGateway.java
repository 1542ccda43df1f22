package io.daisi.ws.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daisi.ws.Adapters;
import io.daisi.ws.Gateway;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.config.LiveConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real gateway started in this JVM on a free port, configured through the
 * same loader as production (environment overrides), with the reference
 * fixture keys, plus helpers to mint tokens, open sockets and publish events.
 */
public final class TestGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final JsonNode FIXTURES = loadFixtures();
    public static final String API_KEY = FIXTURES.get("secret_token").asText();
    public static final String ADMIN_KEY = FIXTURES.get("admin_secret_token").asText();

    private final Gateway gateway;
    private final Path workDir;
    private final LiveConfig config;

    private TestGateway(Gateway gateway, LiveConfig config, Path workDir) {
        this.gateway = gateway;
        this.config = config;
        this.workDir = workDir;
    }

    public static TestGateway start() {
        return start(Map.of());
    }

    public static TestGateway start(Map<String, String> overrides) {
        return start(overrides, adapters -> adapters);
    }

    /** Starts with {@code DAISI_WS_*} overrides and, optionally, some adapters replaced. */
    public static TestGateway start(Map<String, String> overrides, UnaryOperator<Adapters> customize) {
        return launch(overrides, config -> Gateway.start(config,
                customize.apply(Adapters.inMemory(config.current().server().podId(), Clock.systemUTC()))));
    }

    /** A gateway in the mode its configuration selects (cluster mode when redis.address is set). */
    public static TestGateway startInSelectedMode(Map<String, String> overrides) {
        return launch(overrides, Gateway::start);
    }

    private interface Starter {
        Gateway start(LiveConfig config) throws InterruptedException;
    }

    private static TestGateway launch(Map<String, String> overrides, Starter starter) {
        try {
            Path dir = Files.createTempDirectory("daisi-ws-test");
            Map<String, String> env = new HashMap<>(baseEnv());
            env.putAll(overrides);
            LiveConfig config = LiveConfig.load(new ConfigLoader(Optional.empty(), env, dir));
            return new TestGateway(starter.start(config), config, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DAISI_WS_SERVER_HTTP_PORT", Integer.toString(FreePorts.next()));
        env.put("DAISI_WS_SERVER_GRPC_PORT", Integer.toString(FreePorts.next()));
        env.put("DAISI_WS_SERVER_POD_ID", "test-pod-" + FreePorts.next());
        env.put("DAISI_WS_SERVER_BIND_ADDRESS", "127.0.0.1");
        // peers reach each other on loopback; pod ids are not host names here
        env.put("DAISI_WS_SERVER_POD_ADDRESS_TEMPLATE", "127.0.0.1:{grpc_port}");
        env.put("DAISI_WS_AUTH_SECRET_TOKEN", API_KEY);
        env.put("DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", ADMIN_KEY);
        env.put("DAISI_WS_AUTH_TOKEN_AES_KEY", FIXTURES.get("user_token_aes_key").asText());
        env.put("DAISI_WS_AUTH_ADMIN_TOKEN_AES_KEY", FIXTURES.get("admin_token_aes_key").asText());
        env.put("DAISI_WS_APP_SESSION_LOCK_RETRY_DELAY_MS", "50");
        return env;
    }

    public Gateway gateway() {
        return gateway;
    }

    public LiveConfig config() {
        return config;
    }

    public int port() {
        return gateway.httpPort();
    }

    public String http(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    public String userToken(String company, String agent, String user) {
        TestHttp.Response response = TestHttp.post(http("/generate-token"), TestHttp.json(Map.of(
                "company_id", company, "agent_id", agent, "user_id", user, "expires_in_seconds", 600)),
                Map.of("X-API-Key", API_KEY));
        if (response.status() != 200) {
            throw new AssertionError("token refused: " + response.status() + " " + response.body());
        }
        return response.json().get("token").asText();
    }

    public String adminToken(Map<String, Object> body) {
        TestHttp.Response response = TestHttp.post(http("/admin/generate-token"), TestHttp.json(body),
                Map.of("X-API-Key", ADMIN_KEY));
        if (response.status() != 200) {
            throw new AssertionError("admin token refused: " + response.status() + " " + response.body());
        }
        return response.json().get("token").asText();
    }

    public String userUrl(String company, String agent, String token) {
        return ws("/ws/" + company + "/" + agent + "?token=" + enc(token) + "&x-api-key=" + enc(API_KEY));
    }

    public String adminUrl(String token) {
        return ws("/ws/admin?token=" + enc(token) + "&x-api-key=" + enc(API_KEY));
    }

    /** Mints a token, connects, and waits for "ready". */
    public TestSocket connectUser(String company, String agent, String user) {
        TestSocket socket = TestSocket.connect(userUrl(company, agent, userToken(company, agent, user)),
                Map.of(), "json.v1");
        expectReady(socket);
        return socket;
    }

    public TestSocket connectAdmin(Map<String, Object> tokenBody) {
        TestSocket socket = TestSocket.connect(adminUrl(adminToken(tokenBody)), Map.of(), "json.v1");
        expectReady(socket);
        return socket;
    }

    /** A user socket that completes the handshake and never reads again. */
    public NonReadingClient connectNonReading(String company, String agent, String user) throws IOException {
        String token = userToken(company, agent, user);
        return new NonReadingClient(port(), "/ws/" + company + "/" + agent + "?token=" + enc(token)
                + "&x-api-key=" + enc(API_KEY));
    }

    private static void expectReady(TestSocket socket) {
        JsonNode first = socket.next();
        if (!"ready".equals(first.path("type").asText())) {
            throw new AssertionError("expected ready first, got " + first);
        }
    }

    /** POST /dev/events; returns the sequence assigned. */
    public long publish(String subject, Map<String, Object> event) {
        TestHttp.Response response = TestHttp.post(http("/dev/events"),
                TestHttp.json(Map.of("subject", subject, "event", event)), Map.of("X-API-Key", ADMIN_KEY));
        if (response.status() != 202) {
            throw new AssertionError("publish refused: " + response.status() + " " + response.body());
        }
        return response.json().get("seq").asLong();
    }

    public static Map<String, Object> event(String eventId, Map<String, Object> rowData) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", eventId);
        event.put("event_time", "2026-11-21T10:00:00Z");
        event.put("row_data", rowData);
        return event;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        gateway.close();
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static JsonNode loadFixtures() {
        try (InputStream in = TestGateway.class.getResourceAsStream("/fixtures/tokens.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
