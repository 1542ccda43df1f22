package io.daisi.ws.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.auth.TokenKey;
import io.daisi.ws.protocol.ClientMessage;
import io.daisi.ws.protocol.ClientMessageParser;
import io.daisi.ws.testsupport.FuzzTally;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.PodProcess;
import io.daisi.ws.testsupport.RawWebSocket;
import io.daisi.ws.testsupport.ReliabilityReport;
import io.daisi.ws.testsupport.TestGateway;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 10 item 6, end to end: generated bad input against one running gateway (a separate JVM,
 * standalone with a real JetStream) over real sockets. Every case gets the documented answer
 * (SPEC §2, §4) — an error message, status or close code — or, for NATS payloads, is acked and
 * counted; after every property the process is alive and healthy; after all of them its heap
 * after a forced GC is within 10% of what it was before (jcmd GC.run, GC.heap_info).
 */
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REPLY = Duration.ofSeconds(10);
    private static final Set<String> ERROR_CODES = Set.of("InvalidAPIKey", "InvalidToken", "SessionConflict",
            "SubscriptionFailure", "RateLimitExceeded", "BadRequest", "InternalServerError", "ServiceUnavailable",
            "E4001", "E4003", "E4005", "NotFound");
    private static final int SOCKETS = 4;

    private static NatsServer nats;
    private static PodProcess gateway;
    private static long heapBefore;
    private static final List<RawWebSocket> sockets = new ArrayList<>();
    private static final AtomicLong turn = new AtomicLong();
    /** Tokens of 64 users, minted with the gateway's (test fixture) key, for the cases that close their socket. */
    private static final List<String> CLOSING_TOKENS = closingTokens();

    private final FuzzTally tally = new FuzzTally();

    @BeforeContainer
    static void start() throws Exception {
        nats = NatsServer.launch();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DAISI_WS_NATS_URL", nats.url());
        // one socket takes thousands of frames: neither the rate limit nor the bad-frame count may close it
        env.put("DAISI_WS_APP_CLIENT_MESSAGES_PER_SECOND", "1000000");
        env.put("DAISI_WS_APP_CLIENT_MESSAGES_BURST", "1000000");
        env.put("DAISI_WS_APP_MAX_INVALID_MESSAGES", "1000000000");
        gateway = PodProcess.start("fuzz", env);
        // warm up every path once, so the baseline heap holds what a running gateway keeps anyway
        try (RawWebSocket warmUp = openSocket("fz", "fa", "warm-up")) {
            for (int i = 0; i < 200; i++) {
                HTTP.send(HttpRequest.newBuilder(URI.create(gateway.http("/generate-token"))).POST(
                        HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
                warmUp.sendText("warm-up");
                assertErrorFrame(warmUp.next(REPLY));
            }
        }
        heapBefore = gateway.heapUsedAfterGc();
    }

    private static List<String> closingTokens() {
        TokenCodec user = new TokenCodec(TokenKey.fromHex(TestGateway.FIXTURES.get("user_token_aes_key").asText()));
        TokenCodec admin = new TokenCodec(TokenKey.fromHex(TestGateway.FIXTURES.get("admin_token_aes_key").asText()));
        TokenIssuer issuer = new TokenIssuer(user, admin, Clock.systemUTC());
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(issuer.issueUser("fz", "fa", "closing-" + i, Duration.ofHours(1)));
        }
        return tokens;
    }

    @AfterContainer
    static void stop() {
        try {
            long heapAfter = gateway.heapUsedAfterGc();
            double growth = (heapAfter - heapBefore) / (double) heapBefore;
            ReliabilityReport.fuzz("heap after a forced GC, before vs after all end-to-end targets", "e2e", 0,
                    growth <= 0.10, String.format("%.1f MB -> %.1f MB (%+.1f%%), within +10%%",
                            heapBefore / 1e6, heapAfter / 1e6, growth * 100), 0);
            assertThat(gateway.isAlive()).isTrue();
            assertThat(growth).as("heap growth %d -> %d", heapBefore, heapAfter).isLessThanOrEqualTo(0.10);
        } finally {
            sockets.forEach(RawWebSocket::close);
            gateway.close();
            nats.close();
        }
    }

    @AfterProperty
    void aliveAndReport() throws Exception {
        tally.report();
        assertThat(gateway.isAlive()).as("gateway process alive").isTrue();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(gateway.http("/health"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static RawWebSocket openSocket(String company, String agent, String user) throws IOException {
        String token = gateway.userToken(company, agent, user);
        RawWebSocket ws = RawWebSocket.connect(port(), path(company, agent, token));
        RawWebSocket.Frame ready = ws.next(REPLY);
        assertThat(ready.text()).contains("\"ready\"");
        // the safe resume point follows ready (SPEC §4); no event reaches these sockets, so no other one
        assertThat(ws.next(REPLY).text()).startsWith("{\"type\":\"position\"");
        return ws;
    }

    private static int port() {
        return URI.create(gateway.http("/")).getPort();
    }

    private static String path(String company, String agent, String token) {
        return "/ws/" + company + "/" + agent + "?token=" + TestGateway.enc(token) + "&x-api-key="
                + TestGateway.enc(TestGateway.API_KEY);
    }

    private static void assertErrorFrame(RawWebSocket.Frame frame) throws IOException {
        assertThat(frame.opcode()).as("a text frame, not a close").isEqualTo(RawWebSocket.TEXT);
        JsonNode message = JSON.readTree(frame.payload());
        assertThat(message.path("type").asText()).isEqualTo("error");
        assertThat(message.at("/payload/code").asText()).isEqualTo("BadRequest");
    }

    // ---- WebSocket frames that keep the socket open ----

    /** A frame to send: opcode, payload, and in how many fragments. */
    record Sent(int opcode, byte[] payload, int fragments) {
        @Override
        public String toString() {
            return "opcode " + opcode + ", " + payload.length + " bytes in " + fragments + " fragment(s)";
        }
    }

    @Provide
    Arbitrary<Sent> openFrames() {
        Arbitrary<byte[]> texts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("{}", "[]", "null", "1", "\"x\"", "{\"type\":1}", "{\"type\":null}",
                        "{\"type\":\"select_chat\"}", "{\"type\":\"select_chat\",\"payload\":[]}",
                        "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":7}}",
                        "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"\"}}",
                        "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"a.b\"}}", "{\"type\":\"ping\"}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 30_000).map(d -> ("{\"type\":\"select_chat\",\"payload\":"
                        + "[".repeat(d) + "]".repeat(d) + "}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(100, 60_000).map(n -> ("{\"type\":\"x\",\"pad\":\""
                        + "y".repeat(n) + "\"}").getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Sent> text = Combinators.combine(texts, Arbitraries.integers().between(1, 4))
                .as((bytes, fragments) -> new Sent(RawWebSocket.TEXT, bytes, Math.min(fragments, Math.max(1, bytes.length))));
        Arbitrary<Sent> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
                .map(bytes -> new Sent(RawWebSocket.BINARY, bytes, 1));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, text), net.jqwik.api.Tuple.of(1, binary));
    }

    @Property(tries = 10_000)
    void framesThatKeepTheSocketOpenGetBadRequest(@ForAll("openFrames") Sent sent) throws Exception {
        tally.check("e2e", "WebSocket frames: random text, wrong types, deep (to 30k) or huge (to 60 KB) JSON, "
                + "binary, fragmented (1-4)", "error BadRequest, socket stays open", () -> {
            synchronized (sockets) {
                // opened here, not before the container: an idle socket is closed after app.pong_wait_seconds
                while (sockets.size() < SOCKETS) {
                    sockets.add(openSocket("fz", "fa", "frames-" + sockets.size()));
                }
            }
            RawWebSocket ws = sockets.get((int) (turn.getAndIncrement() % SOCKETS));
            sendFragmented(ws, sent);
            if (sent.opcode() == RawWebSocket.TEXT
                    && ClientMessageParser.parse(sent.payload()) instanceof ClientMessage.SelectChat) {
                ws.sendText("{\"type\":\"sentinel\"}"); // a valid select_chat has no answer of its own
            }
            assertErrorFrame(ws.next(REPLY));
        });
    }

    private static void sendFragmented(RawWebSocket ws, Sent sent) throws IOException {
        byte[] p = sent.payload();
        int n = sent.fragments();
        int size = (p.length + n - 1) / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            int from = Math.min(p.length, i * size);
            int to = i == n - 1 ? p.length : Math.min(p.length, from + size);
            ws.send(i == n - 1, i == 0 ? sent.opcode() : RawWebSocket.CONTINUATION,
                    java.util.Arrays.copyOfRange(p, from, to));
        }
    }

    // ---- WebSocket frames that close the socket ----

    @Provide
    Arbitrary<Sent> closingFrames() {
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        Arbitrary<Sent> invalidUtf8 = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(100),
                Arbitraries.integers().between(0, bad.length - 1), Arbitraries.integers().between(1, 3))
                .as((text, which, fragments) -> {
                    byte[] head = ("{\"type\":\"" + text).getBytes(StandardCharsets.UTF_8);
                    byte[] out = java.util.Arrays.copyOf(head, head.length + bad[which].length + 2);
                    System.arraycopy(bad[which], 0, out, head.length, bad[which].length);
                    out[out.length - 2] = '"';
                    out[out.length - 1] = '}';
                    return new Sent(RawWebSocket.TEXT, out, fragments);
                });
        Arbitrary<Sent> tooLarge = Combinators.combine(Arbitraries.integers().between(65_537, 100_000),
                Arbitraries.of(RawWebSocket.TEXT, RawWebSocket.BINARY), Arbitraries.integers().between(1, 3))
                .as((n, opcode, fragments) -> new Sent(opcode, "z".repeat(n).getBytes(StandardCharsets.US_ASCII), fragments));
        return Arbitraries.oneOf(invalidUtf8, tooLarge);
    }

    @Property(tries = 10_000)
    void framesThatCloseTheSocketGetTheirCloseCode(@ForAll("closingFrames") Sent sent) throws Exception {
        tally.check("e2e", "WebSocket frames: invalid UTF-8 (1-3 fragments), over 64 KiB (to 100 KB, text or binary, 1-3 fragments)",
                "close 1007 (invalid UTF-8, RFC 6455) / 4400 (too large)", () -> {
            // users in turn: reconnecting one user at once would wait for the session takeover each time, and a
            // user per case would fill the (bounded, lazily expiring) token cache, which is no leak but heap
            String token = CLOSING_TOKENS.get((int) (turn.incrementAndGet() % CLOSING_TOKENS.size()));
            try (RawWebSocket ws = RawWebSocket.connect(port(), path("fz", "fa", token))) {
                assertThat(ws.next(REPLY).text()).contains("\"ready\"");
                sendFragmented(ws, sent);
                int code = ws.awaitClose(REPLY);
                boolean tooLarge = sent.payload().length > 65_536;
                assertThat(code).as(sent.toString()).isEqualTo(tooLarge ? 4400 : 1007);
            }
        });
    }

    // ---- tokens and query strings ----

    /** A request on a socket path: its query string and whether it carries the right API key in a header. */
    record Handshake(String path, String query, boolean keyHeader, int expectedStatus) {
    }

    @Provide
    Arbitrary<Handshake> handshakes() {
        String valid = gateway.userToken("fz", "fa", "tokens");
        byte[] sealed = Base64.getUrlDecoder().decode(valid);
        TokenCodec otherKey = new TokenCodec(TokenKey.fromHex(HexFormat.of().formatHex(new byte[32]).replace('0', '7')));
        String otherToken = new TokenIssuer(otherKey, otherKey, Clock.systemUTC()).issueUser("fz", "fa", "u",
                Duration.ofHours(1));
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(100),
                // cut inside the base64, not only padding (unpadded base64url is accepted, SPEC §3)
                Arbitraries.integers().between(0, valid.replace("=", "").length() - 1).map(n -> valid.substring(0, n)),
                Combinators.combine(Arbitraries.integers().between(0, sealed.length - 1),
                        Arbitraries.integers().between(1, 255)).as((i, x) -> {
                            byte[] copy = sealed.clone();
                            copy[i] ^= (byte) (int) x;
                            return Base64.getUrlEncoder().encodeToString(copy);
                        }),
                Arbitraries.just(otherToken),
                Arbitraries.integers().between(1_000, 7_000).map("A"::repeat));
        Arbitrary<String> rawQuery = Arbitraries.strings().withChars("abtokenx-api%=&?+#;/ 9Zé\u0000").ofMaxLength(80);
        Arbitrary<Handshake> wellFormed = Combinators.combine(token, Arbitraries.of(true, false),
                Arbitraries.of("/ws/fz/fa", "/ws/admin", "/ws/other/fa"))
                .as((t, keyHeader, p) -> new Handshake(p, "token=" + TestGateway.enc(t), keyHeader, keyHeader ? 403 : 401));
        Arbitrary<Handshake> raw = Combinators.combine(rawQuery, Arbitraries.of(true, false))
                .as((q, keyHeader) -> new Handshake("/ws/fz/fa", q.replace("%", "%25").replace(" ", "%20")
                        .replace("#", "%23").replace("\u0000", "%00").replace("é", "%C3%A9"), keyHeader, 0));
        Arbitrary<Handshake> huge = Arbitraries.integers().between(8_000, 40_000)
                .map(n -> new Handshake("/ws/fz/fa", "token=" + "B".repeat(n), true, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, wellFormed), net.jqwik.api.Tuple.of(3, raw),
                net.jqwik.api.Tuple.of(1, huge));
    }

    @Property(tries = 10_000)
    void badTokensOnARealUpgradeGetTheirCloseCode(@ForAll("handshakes") Handshake h) throws Exception {
        tally.check("e2e", "tokens and query strings on a real WebSocket upgrade: random, truncated, tampered, "
                + "other key, huge (to 40k), raw query bytes", "error message, then close 4401 (no/wrong API key) / "
                + "4403 (token) / 4400; HTTP 400 JSON for a request line over 8 KiB", () -> {
            String pathAndQuery = h.path() + "?" + h.query() + (h.keyHeader() ? "&x-api-key="
                    + TestGateway.enc(TestGateway.API_KEY) : "");
            RawWebSocket ws;
            try {
                ws = RawWebSocket.connect(port(), pathAndQuery);
            } catch (IOException refused) {
                assertThat(refused.getMessage()).as(h.toString()).contains(" 400 ");
                assertThat(pathAndQuery.length()).as("only a request line over the limit is refused before the upgrade")
                        .isGreaterThan(8_000);
                return;
            }
            try (ws) {
                RawWebSocket.Frame first = ws.next(REPLY);
                JsonNode error = JSON.readTree(first.payload());
                assertThat(error.path("type").asText()).as(h + ": " + first.text()).isEqualTo("error");
                int code = ws.awaitClose(REPLY);
                String expected = switch (code) {
                    case 4401 -> "InvalidAPIKey";
                    case 4403 -> "InvalidToken";
                    case 4400 -> "BadRequest";
                    default -> throw new AssertionError(h + ": close " + code);
                };
                assertThat(error.at("/payload/code").asText()).isEqualTo(expected);
                if (h.expectedStatus() == 403) {
                    assertThat(code).as(h.toString()).isEqualTo(4403);
                } else if (h.expectedStatus() == 401) {
                    assertThat(code).as(h.toString()).isEqualTo(4401);
                }
            }
        });
    }

    @Property(tries = 10_000)
    void queryStringsOfAPlainRequestGetTheirStatus(@ForAll("handshakes") Handshake h) throws Exception {
        tally.check("e2e", "query strings on /ws without an upgrade (plain GET)", "401 InvalidAPIKey without "
                + "the key, else 403 InvalidToken (no token) or 400 BadRequest (not an upgrade / malformed), "
                + "JSON error body", () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.http(h.path() + "?" + h.query())))
                    .timeout(REPLY);
            if (h.keyHeader()) {
                request.header("X-API-Key", TestGateway.API_KEY);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertDocumentedError(response, Set.of(400, 401, 403));
            if (h.keyHeader()) {
                assertThat(response.statusCode()).as(h.toString()).isIn(400, 403);
            } else {
                assertThat(response.statusCode()).as(h.toString()).isIn(400, 401);
            }
        });
    }

    // ---- HTTP methods and bodies of every endpoint ----

    record Call(String method, String path, byte[] body, String key) {
        @Override
        public String toString() {
            return method + " " + path + " (" + body.length + " bytes, key " + key + ")";
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE",
                "FOO");
        Arbitrary<String> path = Arbitraries.of("/health", "/ready", "/metrics", "/generate-token",
                "/admin/generate-token", "/dev/events", "/ws/fz/fa", "/ws/admin", "/client/daisi-ws.js", "/",
                "/nope", "/generate-token/x", "/ws/", "/ws/a/b/c");
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("{}", "[]", "null", "{\"company_id\":1}", "{\"company_id\":\"c\",\"agent_id\":\"a\","
                        + "\"user_id\":\"u\",\"expires_in_seconds\":\"x\"}", "{\"company_id\":\"c\",\"agent_id\":\"a\","
                        + "\"user_id\":\"u\",\"expires_in_seconds\":-5}", "{\"admin_id\":\"\"}",
                        "{\"admin_id\":\"a\",\"company_id_restriction\":\"c1\",\"subscribed_company_id\":\"c2\"}",
                        "{\"subject\":\"x\",\"event\":{}}", "{\"subject\":\"websocket.c.a.chats\",\"event\":[]}",
                        "{\"company_id\":\"c\",\"agent_id\":\"a\",\"user_id\":\"u\",\"expires_in_seconds\":99999999999}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(65_537, 200_000).map(n -> new byte[n]));
        Arbitrary<String> key = Arbitraries.of("none", "general", "admin", "wrong");
        return Combinators.combine(method, path, body, key).as(Call::new);
    }

    @Property(tries = 10_000)
    void everyEndpointAnswersAnyMethodAndBodyWithADocumentedStatus(@ForAll("calls") Call call) throws Exception {
        tally.check("e2e", "HTTP: 9 methods x 14 paths x bodies (random, wrong types, over 64 KiB) x API keys",
                "documented status (200/202/400/401/403/404/405/413), JSON error body, never 5xx", () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.http(call.path()))).timeout(REPLY)
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
            switch (call.key()) {
                case "general" -> request.header("X-API-Key", TestGateway.API_KEY);
                case "admin" -> request.header("X-API-Key", TestGateway.ADMIN_KEY);
                case "wrong" -> request.header("X-API-Key", "not-a-key");
                default -> { }
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertDocumentedError(response, Set.of(200, 202, 400, 401, 403, 404, 405, 413));
        });
    }

    private static void assertDocumentedError(HttpResponse<String> response, Set<Integer> allowed) throws IOException {
        assertThat(response.statusCode()).as("status of " + response.request().method() + " "
                + response.request().uri().getPath() + ": " + response.body()).isIn(allowed);
        if (response.statusCode() >= 400 && !"HEAD".equals(response.request().method())) {
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("code").asText()).as(response.body()).isIn(ERROR_CODES);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    // ---- NATS payloads ----

    private static final AtomicLong lastPublished = new AtomicLong();
    private static Connection publisher;

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(10).map(s -> "\"" + s + "\""),
                Arbitraries.of("1", "null", "true", "[]", "{}", "\"\""));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                net.jqwik.api.Tuple.of(10, Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(10, Combinators.combine(value, value, value).as((id, company, row) -> ("{\"event_id\":"
                        + id + ",\"company_id\":" + company + ",\"row_data\":" + row + "}").getBytes(StandardCharsets.UTF_8))),
                // huge row_data: rarer, the stream stores every byte
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 300_000).map(n -> ("{\"event_id\":\"big\","
                        + "\"row_data\":{\"t\":\"" + "x".repeat(n) + "\"}}").getBytes(StandardCharsets.UTF_8))));
    }

    @Property(tries = 10_000)
    void natsPayloadsAreAckedAndCounted(@ForAll("payloads") byte[] payload,
                                        @ForAll("subjects") String subject) throws Exception {
        tally.check("e2e", "NATS payloads on a real JetStream: random bytes, non-JSON, missing/wrong fields, "
                + "row_data to 300 KB, bad subjects", "acked (never redelivered) and counted as an event or invalid", () -> {
            synchronized (BadInputIT.class) {
                if (publisher == null) {
                    publisher = Nats.connect(nats.url());
                }
            }
            JetStream js = publisher.jetStream();
            lastPublished.set(js.publish(subject, payload).getSeqno());
        });
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.of("websocket.nc.na.chats", "websocket.nc.na.agents", "websocket.nc.na.messages.k",
                "websocket.nc", "websocket.nc.na", "websocket.nc.na.other", "websocket.nc.na.messages.k.extra");
    }

    @AfterProperty
    void natsSettled() throws Exception {
        if (publisher == null || lastPublished.get() == 0) {
            return;
        }
        long last = lastPublished.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ConsumerInfo info = publisher.jetStreamManagement().getConsumerInfo("wa_stream", "ws_fanout");
            return info.getAckFloor().getStreamSequence() >= last && info.getNumAckPending() == 0;
        });
        ConsumerInfo info = publisher.jetStreamManagement().getConsumerInfo("wa_stream", "ws_fanout");
        assertThat(info.getDelivered().getConsumerSequence()).as("each delivered once: bad payloads are acked, "
                + "not redelivered").isEqualTo(last);
        double counted = gateway.metric("dws_events_invalid_total") + gateway.metric("dws_nats_messages_received_total");
        assertThat(counted).as("every message counted as an event or as invalid").isEqualTo((double) last);
        publisher.close();
        publisher = null;
        lastPublished.set(0);
    }
}
