package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestCertificates;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two cluster pods configured the way an operator would (environment, not code): with mutual
 * TLS and a peer token, events cross between them; a pod with another token delivers nothing to
 * its peer's sockets.
 */
class SecuredPeersIT {
    private static final String TOKEN = "cluster-peer-token-1";

    @Test
    void podsWithMutualTlsAndThePeerTokenForwardEventsToEachOther() {
        TestCertificates pki = TestCertificates.newAuthority("peers-ca");
        try (RedisServer redis = RedisServer.launch();
             TestGateway a = pod(redis, "pod-a", TOKEN, pki, pki.issue("pod-a"));
             TestGateway b = pod(redis, "pod-b", TOKEN, pki, pki.issue("pod-b"))) {
            TestSocket onA = a.connectUser("c1", "a1", "u1");
            TestSocket onB = b.connectUser("c1", "a1", "u2");

            a.publish("websocket.c1.a1.chats", TestGateway.event("from-a", Map.of()));
            b.publish("websocket.c1.a1.chats", TestGateway.event("from-b", Map.of()));

            for (TestSocket socket : new TestSocket[] {onA, onB}) {
                assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isIn("from-a", "from-b");
                assertThat(socket.nextOfType("event").at("/payload/event_id").asText()).isIn("from-a", "from-b");
            }
        }
    }

    @Test
    void aPodWithAnotherTokenDeliversNothingToItsPeersSockets() {
        TestCertificates pki = TestCertificates.newAuthority("peers-ca-2");
        try (RedisServer redis = RedisServer.launch();
             TestGateway a = pod(redis, "pod-a", "not-the-cluster-token", pki, pki.issue("pod-a"));
             TestGateway b = pod(redis, "pod-b", TOKEN, pki, pki.issue("pod-b"))) {
            TestSocket onB = b.connectUser("c1", "a1", "u2");

            a.publish("websocket.c1.a1.chats", TestGateway.event("refused", Map.of()));
            b.publish("websocket.c1.a1.chats", TestGateway.event("local", Map.of()));

            // B's own event arrives; A's forward was answered UNAUTHENTICATED and never delivered
            assertThat(onB.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("local");
            onB.expectSilence(Duration.ofSeconds(1));
        }
    }

    private static TestGateway pod(RedisServer redis, String podId, String token, TestCertificates pki,
                                   TestCertificates.Pem cert) {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        env.put("DAISI_WS_SERVER_POD_ID", podId);
        env.put("DAISI_WS_APP_DEV_ENDPOINTS", "true");
        env.put("DAISI_WS_SERVER_PEER_AUTH_TOKEN", token);
        env.put("DAISI_WS_SERVER_GRPC_TLS_CERT_FILE", cert.cert().toString());
        env.put("DAISI_WS_SERVER_GRPC_TLS_KEY_FILE", cert.key().toString());
        env.put("DAISI_WS_SERVER_GRPC_TLS_CA_FILE", pki.caCert().toString());
        return TestGateway.startInSelectedMode(env);
    }
}
