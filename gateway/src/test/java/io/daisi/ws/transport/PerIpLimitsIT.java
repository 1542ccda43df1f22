package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-client-IP limits over real sockets: RateLimitExceeded refusals, 4429 / 429, and X-Forwarded-For. */
class PerIpLimitsIT {

    private static TestGateway gateway(Map<String, String> app) {
        Map<String, String> env = new HashMap<>();
        app.forEach((key, value) -> env.put("DAISI_WS_APP_" + key.toUpperCase(), value));
        return TestGateway.start(env);
    }

    private static TestSocket connect(TestGateway gw, String user, Map<String, String> headers) {
        return TestSocket.connect(gw.userUrl("c", "a", gw.userToken("c", "a", user)), headers, "json.v1");
    }

    private static void assertRefusedWith4429(TestSocket socket) {
        assertThat(socket.next().at("/payload/code").asText()).isEqualTo("RateLimitExceeded");
        assertThat(socket.awaitClose().code()).isEqualTo(4429);
    }

    @Test
    void aThirdSocketFromOneAddressIsRefusedWith4429UntilOneCloses() {
        try (TestGateway gw = gateway(Map.of("max_connections_per_ip", "2"));
             TestSocket first = gw.connectUser("c", "a", "u1");
             TestSocket second = gw.connectUser("c", "a", "u2")) {
            assertRefusedWith4429(connect(gw, "u3", Map.of()));

            first.close();
            // the slot is freed when the server closes the channel, before it drops the socket from its count
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().openSockets() == 1);
            try (TestSocket third = gw.connectUser("c", "a", "u3")) {
                assertThat(third.isClosed()).isFalse();
                assertThat(second.isClosed()).isFalse();
            }
        }
    }

    @Test
    void withHttpHandshakeErrorsTheRefusalIs429() {
        try (TestGateway gw = gateway(Map.of("max_connections_per_ip", "1", "handshake_errors", "http"));
             TestSocket first = gw.connectUser("c", "a", "u1")) {
            assertThatThrownBy(() -> connect(gw, "u2", Map.of())).isInstanceOfSatisfying(
                    TestSocket.HandshakeRefused.class, refused -> assertThat(refused.status()).isEqualTo(429));
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void handshakesBeyondTheRatePerAddressAreRefusedWith4429() {
        try (TestGateway gw = gateway(Map.of("handshakes_per_second_per_ip", "1"))) {
            String token = gw.userToken("c", "a", "u1");
            List<Integer> closeCodes = new ArrayList<>();
            // ten attempts would need nine seconds to stay within one a second
            for (int i = 0; i < 10; i++) {
                try (TestSocket socket = TestSocket.connect(gw.userUrl("c", "a", token), Map.of(), "json.v1")) {
                    closeCodes.add(socket.next().at("/payload/code").asText().equals("RateLimitExceeded")
                            ? socket.awaitClose().code() : 0);
                }
            }
            assertThat(closeCodes).contains(4429);
            assertThat(new String(gw.gateway().metrics().scrape()))
                    .contains("dws_connections_refused_total{code=\"RateLimitExceeded\"}");
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnLimit() {
        try (TestGateway gw = gateway(Map.of("max_connections_per_ip", "1", "trusted_proxies", "127.0.0.1"));
             TestSocket a = connect(gw, "u1", Map.of("X-Forwarded-For", "203.0.113.5"));
             TestSocket b = connect(gw, "u2", Map.of("X-Forwarded-For", "203.0.113.6"))) {
            assertThat(a.next().path("type").asText()).isEqualTo("ready");
            assertThat(b.next().path("type").asText()).isEqualTo("ready");

            assertRefusedWith4429(connect(gw, "u3", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.5")));
        }
    }

    @Test
    void fromAnUntrustedPeerXForwardedForIsIgnored() {
        try (TestGateway gw = gateway(Map.of("max_connections_per_ip", "1"));
             TestSocket a = connect(gw, "u1", Map.of("X-Forwarded-For", "203.0.113.5"))) {
            assertThat(a.next().path("type").asText()).isEqualTo("ready");

            assertRefusedWith4429(connect(gw, "u2", Map.of("X-Forwarded-For", "203.0.113.6")));
        }
    }
}
