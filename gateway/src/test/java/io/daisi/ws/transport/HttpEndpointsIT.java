package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §2 over real HTTP: JSON errors for every kind of bad input, never a 500. */
class HttpEndpointsIT {
    private static TestGateway gw;
    private static final Map<String, String> KEY = Map.of("X-API-Key", TestGateway.API_KEY);
    private static final Map<String, String> ADMIN = Map.of("X-API-Key", TestGateway.ADMIN_KEY);

    @BeforeAll
    static void start() {
        gw = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void healthReadyMetrics() {
        assertThat(TestHttp.get(gw.http("/health")).body()).isEqualTo("{\"status\":\"ok\"}");
        TestHttp.Response ready = TestHttp.get(gw.http("/ready"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo(
                "{\"status\":\"ready\",\"checks\":{\"nats\":\"disabled\",\"redis\":\"disabled\",\"grpc\":\"disabled\"}}");
        TestHttp.Response metrics = TestHttp.get(gw.http("/metrics"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE dws_active_connections gauge").contains("jvm_memory");
    }

    @Test
    void userTokenDefaultsAndCap() {
        TestHttp.Response ok = TestHttp.post(gw.http("/generate-token"),
                "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\"}", KEY);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("token").asText()).matches("[A-Za-z0-9_-]+=*");
        assertError(TestHttp.post(gw.http("/generate-token"),
                "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_in_seconds\":2592001}", KEY),
                400, "BadRequest");
        assertThat(TestHttp.post(gw.http("/generate-token"),
                "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_in_seconds\":2592000}", KEY)
                .status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "[]", "{\"company_id\":\"c\"", "{}",
            "{\"company_id\":\"c\",\"agent_id\":\"a\"}",
            "{\"company_id\":\"\",\"agent_id\":\"a\",\"user_id\":\"u\"}",
            "{\"company_id\":5,\"agent_id\":\"a\",\"user_id\":\"u\"}",
            "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_in_seconds\":\"soon\"}",
            "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_in_seconds\":-5}",
            "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_in_seconds\":1.5}",
            "{\"company_id\":\"c.d\",\"agent_id\":\"a\",\"user_id\":\"u\"}"})
    void badUserTokenRequestsGet400(String body) {
        assertError(TestHttp.post(gw.http("/generate-token"), body, KEY), 400, "BadRequest");
    }

    @Test
    void userTokenNeedsTheGeneralKey() {
        String body = "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\"}";
        assertError(TestHttp.post(gw.http("/generate-token"), body, Map.of()), 401, "InvalidAPIKey");
        assertError(TestHttp.post(gw.http("/generate-token"), body, Map.of("X-API-Key", "wrong")), 401, "InvalidAPIKey");
        assertError(TestHttp.post(gw.http("/generate-token"), body, ADMIN), 401, "InvalidAPIKey");
    }

    @Test
    void adminTokenUsesTheReferenceCodes() {
        String body = "{\"admin_id\":\"root\"}";
        assertError(TestHttp.post(gw.http("/admin/generate-token"), body, Map.of()), 401, "E4001");
        assertError(TestHttp.post(gw.http("/admin/generate-token"), body, KEY), 403, "E4003");
        assertThat(TestHttp.post(gw.http("/admin/generate-token"), body, ADMIN).status()).isEqualTo(200);
        assertError(TestHttp.post(gw.http("/admin/generate-token"), "{\"expires_in_seconds\":10}", ADMIN),
                400, "BadRequest");
        assertError(TestHttp.post(gw.http("/admin/generate-token"),
                "{\"admin_id\":\"a\",\"subscribed_company_id\":1}", ADMIN), 400, "BadRequest");
    }

    @Test
    void wrongMethodsGet405() {
        assertError(TestHttp.method("GET", gw.http("/generate-token"), KEY), 405, "E4005");
        assertError(TestHttp.method("PUT", gw.http("/admin/generate-token"), ADMIN), 405, "E4005");
        assertError(TestHttp.method("DELETE", gw.http("/health"), Map.of()), 405, "E4005");
        assertError(TestHttp.method("POST", gw.http("/ws/c/a"), Map.of()), 405, "E4005");
    }

    @Test
    void bodiesOver64KibGet413WithAJsonBody() {
        String big = "{\"company_id\":\"" + "x".repeat(70_000) + "\"}";
        assertError(TestHttp.post(gw.http("/generate-token"), big, KEY), 413, "BadRequest");
        // the server is still fine afterwards
        assertThat(TestHttp.get(gw.http("/health")).status()).isEqualTo(200);
    }

    @Test
    void anOversizedBodyAnnouncedWithExpect100ContinueGetsTheSame413JsonBeforeItIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /generate-token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-API-Key: " + TestGateway.API_KEY + "\r\nContent-Length: 70000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(socket);
            assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/json")
                    .contains("\"code\":\"BadRequest\"").contains("\"message\":\"Request body too large\"");
        }
        assertThat(TestHttp.get(gw.http("/health")).status()).isEqualTo(200);
    }

    /** Headers and a Content-Length body of one HTTP response. */
    private static String readResponse(Socket socket) throws java.io.IOException {
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    @Test
    void unknownPathsGet404() {
        assertError(TestHttp.get(gw.http("/nope")), 404, "NotFound");
        assertError(TestHttp.get(gw.http("/ws/only-one-segment")), 400, "BadRequest");
    }

    @Test
    void malformedHttpGets400AndNoStackTrace() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GARBAGE / NOT-HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":\"BadRequest\"")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void devEventsValidatesSubjectAndEvent() {
        String event = "{\"event_id\":\"e\",\"row_data\":{}}";
        TestHttp.Response ok = TestHttp.post(gw.http("/dev/events"),
                "{\"subject\":\"websocket.c.a.chats\",\"event\":" + event + "}", ADMIN);
        assertThat(ok.status()).isEqualTo(202);
        assertThat(ok.json().get("seq").asLong()).isPositive();
        for (String bad : new String[] {
                "{\"subject\":\"websocket.c.a.nope\",\"event\":" + event + "}",
                "{\"subject\":\"other.c.a.chats\",\"event\":" + event + "}",
                "{\"subject\":\"websocket.c.a.messages\",\"event\":" + event + "}",
                "{\"subject\":\"websocket.c.a.chats\",\"event\":{\"row_data\":{}}}",
                "{\"subject\":\"websocket.c.a.chats\",\"event\":\"text\"}",
                "{\"subject\":\"websocket.c.a.chats\"}",
                "{\"event\":" + event + "}",
                "not json"}) {
            assertError(TestHttp.post(gw.http("/dev/events"), bad, ADMIN), 400, "BadRequest");
        }
        assertError(TestHttp.post(gw.http("/dev/events"), "{}", Map.of()), 401, "E4001");
        assertError(TestHttp.post(gw.http("/dev/events"), "{}", KEY), 403, "E4003");
    }

    @Test
    void demoPageIsServedInStandaloneMode() {
        TestHttp.Response page = TestHttp.get(gw.http("/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>daisi-ws");
    }

    private static void assertError(TestHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.raw().headers().firstValue("content-type")).contains("application/json");
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isNotEmpty();
    }
}
