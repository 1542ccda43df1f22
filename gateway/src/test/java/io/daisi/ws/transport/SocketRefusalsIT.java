package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.routing.RouteRegistry;
import io.daisi.ws.session.SessionLock;
import io.daisi.ws.store.StoreUnavailableException;
import io.daisi.ws.testsupport.NoOpRouteRegistry;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the SPEC §4 error table, as a browser sees it (upgrade, error
 * message, close code) and as {@code app.handshake_errors: http} reports it.
 */
class SocketRefusalsIT {
    private static final String EXPIRED_USER_TOKEN = fixtureToken("user_expired");

    private record Outcome(int closeCode, String errorCode, int httpStatus) {
    }

    /** Connects and reports what the refusal looked like in the given mode. */
    private static Outcome attempt(TestGateway gw, String url, Map<String, String> headers, String mode) {
        if (mode.equals("http")) {
            try {
                TestSocket socket = TestSocket.connect(url, headers);
                socket.close();
                throw new AssertionError("expected an HTTP refusal");
            } catch (TestSocket.HandshakeRefused refused) {
                return new Outcome(-1, null, refused.status());
            }
        }
        try (TestSocket socket = TestSocket.connect(url, headers)) {
            String code = socket.nextOfType("error").at("/payload/code").asText();
            return new Outcome(socket.awaitClose().code(), code, 101);
        }
    }

    private static TestGateway start(String mode, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("DAISI_WS_APP_HANDSHAKE_ERRORS", mode);
        return TestGateway.start(env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void invalidApiKey(String mode) {
        try (TestGateway gw = start(mode, Map.of())) {
            String token = gw.userToken("c", "a", "u");
            String noKey = gw.ws("/ws/c/a?token=" + TestGateway.enc(token));
            String wrongKey = noKey + "&x-api-key=wrong";
            expect(attempt(gw, noKey, Map.of(), mode), mode, 4401, "InvalidAPIKey", 401);
            expect(attempt(gw, wrongKey, Map.of(), mode), mode, 4401, "InvalidAPIKey", 401);
            expect(attempt(gw, noKey, Map.of("X-API-Key", "wrong"), mode), mode, 4401, "InvalidAPIKey", 401);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void invalidToken(String mode) {
        try (TestGateway gw = start(mode, Map.of())) {
            String key = "&x-api-key=" + TestGateway.enc(TestGateway.API_KEY);
            String userToken = gw.userToken("c", "a", "u");
            expect(attempt(gw, gw.ws("/ws/c/a?x-api-key=" + TestGateway.enc(TestGateway.API_KEY)), Map.of(), mode),
                    mode, 4403, "InvalidToken", 403);
            expect(attempt(gw, gw.ws("/ws/c/a?token=garbage" + key), Map.of(), mode), mode, 4403, "InvalidToken", 403);
            expect(attempt(gw, gw.ws("/ws/company123/agent456?token=" + TestGateway.enc(EXPIRED_USER_TOKEN) + key),
                    Map.of(), mode), mode, 4403, "InvalidToken", 403);
            // the fix over the reference: the path must be the token's company and agent
            expect(attempt(gw, gw.userUrl("c", "other-agent", userToken), Map.of(), mode), mode, 4403, "InvalidToken", 403);
            expect(attempt(gw, gw.userUrl("other", "a", userToken), Map.of(), mode), mode, 4403, "InvalidToken", 403);
            // a user token is not an admin token
            expect(attempt(gw, gw.adminUrl(userToken), Map.of(), mode), mode, 4403, "InvalidToken", 403);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void originNotInTheAllowedList(String mode) {
        try (TestGateway gw = start(mode, Map.of("DAISI_WS_APP_ALLOWED_ORIGINS", "https://app.example.com"))) {
            String url = gw.userUrl("c", "a", gw.userToken("c", "a", "u"));
            expect(attempt(gw, url, Map.of("Origin", "https://evil.example.com"), mode), mode, 4403, "OriginNotAllowed", 403);
            try (TestSocket ok = TestSocket.connect(url, Map.of("Origin", "https://app.example.com"))) {
                assertThat(ok.next().get("type").asText()).isEqualTo("ready");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void tooManyConnections(String mode) {
        try (TestGateway gw = start(mode, Map.of("DAISI_WS_APP_MAX_CONNECTIONS", "1"));
             TestSocket first = gw.connectUser("c", "a", "u1")) {
            String url = gw.userUrl("c", "a", gw.userToken("c", "a", "u2"));
            expect(attempt(gw, url, Map.of(), mode), mode, 4429, "RateLimitExceeded", 429);
            first.close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> gw.gateway().openSockets() == 0);
            try (TestSocket again = TestSocket.connect(url)) {
                assertThat(again.next().get("type").asText()).isEqualTo("ready");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void subscriptionFailureWhenRoutesCannotBeRegistered(String mode) {
        RouteRegistry failing = new NoOpRouteRegistry() {
            @Override
            public CompletionStage<Void> register(String routeKey) {
                return CompletableFuture.failedFuture(new IllegalStateException("routes broken"));
            }
        };
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_HANDSHAKE_ERRORS", mode),
                adapters -> adapters.withRouteRegistry(failing))) {
            String url = gw.userUrl("c", "a", gw.userToken("c", "a", "u"));
            expect(attempt(gw, url, Map.of(), mode), mode, 1011, "SubscriptionFailure", 500);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void serviceUnavailableWhenTheSessionStoreIsDown(String mode) {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_HANDSHAKE_ERRORS", mode),
                adapters -> adapters.withSessionLock(failingLock(() -> new StoreUnavailableException("redis down"))))) {
            String url = gw.userUrl("c", "a", gw.userToken("c", "a", "u"));
            expect(attempt(gw, url, Map.of(), mode), mode, 1013, "ServiceUnavailable", 503);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void internalServerErrorForADefect(String mode) {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_HANDSHAKE_ERRORS", mode),
                adapters -> adapters.withSessionLock(failingLock(() -> new IllegalStateException("a bug"))))) {
            String url = gw.userUrl("c", "a", gw.userToken("c", "a", "u"));
            expect(attempt(gw, url, Map.of(), mode), mode, 1011, "InternalServerError", 500);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void degradedSessionsAreAdmittedWhenAllowed(String mode) {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_HANDSHAKE_ERRORS", mode,
                        "DAISI_WS_APP_ALLOW_DEGRADED_SESSIONS", "true"),
                adapters -> adapters.withSessionLock(failingLock(() -> new StoreUnavailableException("redis down"))));
             TestSocket socket = gw.connectUser("c", "a", "u")) {
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void malformedSocketPath(String mode) {
        try (TestGateway gw = start(mode, Map.of())) {
            expect(attempt(gw, gw.ws("/ws/a.b/c?x-api-key=" + TestGateway.enc(TestGateway.API_KEY)), Map.of(), mode),
                    mode, 4400, "BadRequest", 400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void invalidSinceIsABadRequest(String mode) {
        try (TestGateway gw = start(mode, Map.of())) {
            String url = gw.userUrl("c", "a", gw.userToken("c", "a", "u"));
            expect(attempt(gw, url + "&since=-1", Map.of(), mode), mode, 4400, "BadRequest", 400);
            expect(attempt(gw, url + "&since=abc", Map.of(), mode), mode, 4400, "BadRequest", 400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"close", "http"})
    void notAnUpgradeGetsTheHttpStatus(String mode) {
        try (TestGateway gw = start(mode, Map.of())) {
            assertThat(io.daisi.ws.testsupport.TestHttp.get(gw.http("/ws/c/a?token=x")).status()).isEqualTo(401);
            var response = io.daisi.ws.testsupport.TestHttp.get(
                    gw.http("/ws/c/a?token=x&x-api-key=" + TestGateway.enc(TestGateway.API_KEY)));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("code").asText()).isEqualTo("BadRequest");
        }
    }

    private static void expect(Outcome outcome, String mode, int closeCode, String errorCode, int httpStatus) {
        if (mode.equals("http")) {
            assertThat(outcome.httpStatus()).as("HTTP status").isEqualTo(httpStatus);
        } else {
            assertThat(outcome.errorCode()).as("error code").isEqualTo(errorCode);
            assertThat(outcome.closeCode()).as("close code").isEqualTo(closeCode);
        }
    }

    private static SessionLock failingLock(java.util.function.Supplier<RuntimeException> failure) {
        Function<Object, CompletableFuture<?>> fail = ignored -> CompletableFuture.failedFuture(failure.get());
        return new SessionLock() {
            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<Boolean> tryAcquire(String k, String o, Duration t) {
                return (CompletionStage<Boolean>) fail.apply(k);
            }

            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<Void> forceAcquire(String k, String o, Duration t) {
                return (CompletionStage<Void>) fail.apply(k);
            }

            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<Boolean> release(String k, String o) {
                return (CompletionStage<Boolean>) fail.apply(k);
            }

            @Override
            @SuppressWarnings("unchecked")
            public CompletionStage<Map<String, Boolean>> refresh(Map<String, Duration> t, String o) {
                return (CompletionStage<Map<String, Boolean>>) fail.apply(t);
            }
        };
    }

    private static String fixtureToken(String name) {
        for (var c : TestGateway.FIXTURES.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("token").asText();
            }
        }
        throw new IllegalArgumentException(name);
    }
}
