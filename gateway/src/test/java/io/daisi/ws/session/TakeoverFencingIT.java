package io.daisi.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5 with two pods on a real Redis: kill messages delivered late or twice (PUBLISHed by
 * hand, as a slow network or a retried publish would deliver them) never close the newest socket
 * of a session, while a genuinely older one is still closed with 4402.
 */
class TakeoverFencingIT {
    private static final String KILL_U1 = "session_kill:c1:a1:u1";
    private static RedisServer redis;
    private TestGateway a;
    private TestGateway b;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopGateways() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis.command("FLUSHALL");
    }

    @Test
    void aLateOrRepeatedKillLeavesTheNewestSocketOpenOnEitherPod() {
        a = gateway("pod-a");
        b = gateway("pod-b");
        TestSocket first = a.connectUser("c1", "a1", "u1");
        TestSocket onB = b.connectUser("c1", "a1", "u1");
        assertThat(first.awaitClose().code()).isEqualTo(4402);
        long fenceOfB = fence();
        // the kill pod B published when it took the session, as it would arrive twice or late
        String killByB = "{\"new_pod_id\":\"pod-b\",\"fence\":" + fenceOfB + "}";

        TestSocket newest = a.connectUser("c1", "a1", "u1");
        assertThat(onB.awaitClose().code()).isEqualTo(4402);
        redis.command("PUBLISH", KILL_U1, killByB);
        redis.command("PUBLISH", KILL_U1, killByB);
        // a stale kill naming a third pod, with a fence older than the newest socket's
        redis.command("PUBLISH", KILL_U1, "{\"new_pod_id\":\"pod-x\",\"fence\":" + fenceOfB + "}");
        processedByBothPods();

        assertThat(newest.isClosed()).isFalse();
        assertThat(redis.command("GET", "session:c1:a1:u1")).isEqualTo("pod-a");
    }

    @Test
    void aStaleKillLeavesTheNewestSocketOpenOnTheSamePodAndANewerOneStillCloses() {
        a = gateway("pod-a");
        b = gateway("pod-b");
        TestSocket older = a.connectUser("c1", "a1", "u1");
        long olderFence = fence();
        TestSocket newest = a.connectUser("c1", "a1", "u1");
        assertThat(older.awaitClose().code()).isEqualTo(4402);

        redis.command("PUBLISH", KILL_U1, "{\"new_pod_id\":\"pod-b\",\"fence\":" + olderFence + "}");
        processedByBothPods();
        assertThat(newest.isClosed()).isFalse();

        // a takeover newer than the socket: it closes, as SPEC §5 wants
        redis.command("PUBLISH", KILL_U1, "{\"new_pod_id\":\"pod-b\",\"fence\":" + (fence() + 1) + "}");
        assertThat(newest.nextOfType("error").at("/payload/code").asText()).isEqualTo("SessionConflict");
        assertThat(newest.awaitClose().code()).isEqualTo(4402);
    }

    @Test
    void aGoPodsKillWithoutAFenceStillClosesTheHolder() {
        a = gateway("pod-a");
        TestSocket socket = a.connectUser("c1", "a1", "u1");

        redis.command("PUBLISH", KILL_U1, "{\"new_pod_id\":\"go-pod-1\"}");

        assertThat(socket.awaitClose().code()).isEqualTo(4402);
    }

    /** The last fence handed out: the newest admission's. */
    private static long fence() {
        return Long.parseLong(redis.command("GET", "session_fence"));
    }

    /**
     * Redis delivers one subscriber's messages in the order they were published, and each pod
     * handles its kills in order: so once a later, genuine kill has closed a marker socket on each
     * pod, every kill published before it has been handled there too.
     */
    private void processedByBothPods() {
        TestSocket markerA = a.connectUser("c1", "a1", "marker-a");
        TestSocket markerB = b.connectUser("c1", "a1", "marker-b");
        long newer = fence() + 1;
        redis.command("PUBLISH", "session_kill:c1:a1:marker-a", "{\"new_pod_id\":\"pod-x\",\"fence\":" + newer + "}");
        redis.command("PUBLISH", "session_kill:c1:a1:marker-b", "{\"new_pod_id\":\"pod-x\",\"fence\":" + newer + "}");
        assertThat(markerA.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(4402);
        assertThat(markerB.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(4402);
    }

    private TestGateway gateway(String pod) {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        env.put("DAISI_WS_SERVER_POD_ID", pod);
        return TestGateway.startInSelectedMode(env);
    }
}
