package io.daisi.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.auth.ClaimsJson;
import io.daisi.ws.auth.TokenCache;
import io.daisi.ws.auth.UserClaims;
import io.daisi.ws.testsupport.RedisServer;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import io.daisi.ws.testsupport.TestSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §3/§5/§11 with two gateway instances sharing one real redis-server. */
class ClusterSessionsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
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

    private TestGateway gateway(String pod, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        env.put("DAISI_WS_SERVER_POD_ID", pod);
        env.put("DAISI_WS_APP_DEV_ENDPOINTS", "true");
        return TestGateway.startInSelectedMode(env);
    }

    private static String ready(TestGateway gw) {
        return TestHttp.get(gw.http("/ready")).body();
    }

    private void twoGateways() {
        a = gateway("pod-a", Map.of());
        b = gateway("pod-b", Map.of());
    }

    @Test
    void aUserConnectingOnAnotherInstanceClosesTheFirstSocketWith4402() {
        twoGateways();
        TestSocket first = a.connectUser("c1", "a1", "u1");
        assertThat(redis.command("GET", "session:c1:a1:u1")).isEqualTo("pod-a");
        TestSocket second = b.connectUser("c1", "a1", "u1");
        assertThat(first.nextOfType("error").at("/payload/code").asText()).isEqualTo("SessionConflict");
        assertThat(first.awaitClose().code()).isEqualTo(4402);
        assertThat(redis.command("GET", "session:c1:a1:u1")).isEqualTo("pod-b");
        assertThat(second.isClosed()).isFalse();
        assertThat(new String(b.gateway().metrics().scrape()))
                .contains("dws_session_conflicts_total{user_type=\"user\"} 1.0");
    }

    @Test
    void anAdminConnectingOnAnotherInstanceClosesTheFirstSocketWith4402() {
        twoGateways();
        Map<String, Object> admin = Map.of("admin_id", "root", "expires_in_seconds", 600);
        TestSocket first = a.connectAdmin(admin);
        assertThat(redis.command("GET", "session:admin:root")).isEqualTo("pod-a");
        TestSocket second = b.connectAdmin(admin);
        assertThat(first.awaitClose().code()).isEqualTo(4402);
        assertThat(redis.command("GET", "session:admin:root")).isEqualTo("pod-b");
        assertThat(second.isClosed()).isFalse();
    }

    @Test
    void theSameUserTwiceOnOneInstanceClosesTheOlderSocket() {
        a = gateway("pod-a", Map.of());
        TestSocket first = a.connectUser("c1", "a1", "u1");
        TestSocket second = a.connectUser("c1", "a1", "u1");
        assertThat(first.awaitClose().code()).isEqualTo(4402);
        assertThat(second.isClosed()).isFalse();
        assertThat(redis.command("GET", "session:c1:a1:u1")).isEqualTo("pod-a");
    }

    @Test
    void renewalClosesASocketWhoseLockWasDeletedOrTakenByAnotherPod() {
        a = gateway("pod-a", Map.of());
        TestSocket deleted = a.connectUser("c1", "a1", "deleted");
        TestSocket taken = a.connectUser("c1", "a1", "taken");
        TestSocket kept = a.connectUser("c1", "a1", "kept");
        redis.command("DEL", "session:c1:a1:deleted");
        redis.command("SET", "session:c1:a1:taken", "pod-z", "EX", "30");
        redis.command("EXPIRE", "session:c1:a1:kept", "5");
        a.gateway().renewNow().toCompletableFuture().join();
        assertThat(deleted.awaitClose().code()).isEqualTo(4402);
        assertThat(taken.awaitClose().code()).isEqualTo(4402);
        assertThat(kept.isClosed()).isFalse();
        assertThat(Long.parseLong(redis.command("TTL", "session:c1:a1:kept"))).isGreaterThan(5);
        assertThat(redis.command("GET", "session:c1:a1:taken")).isEqualTo("pod-z");
    }

    @Test
    void disconnectReleasesTheLockOnlyWhileItIsStillOurs() {
        a = gateway("pod-a", Map.of());
        TestSocket mine = a.connectUser("c1", "a1", "mine");
        TestSocket stolen = a.connectUser("c1", "a1", "stolen");
        redis.command("SET", "session:c1:a1:stolen", "pod-z", "EX", "30");
        mine.close();
        stolen.close();
        await().atMost(WAIT).until(() -> a.gateway().openSockets() == 0);
        await().atMost(WAIT).until(() -> redis.command("EXISTS", "session:c1:a1:mine").equals("0"));
        assertThat(redis.command("GET", "session:c1:a1:stolen")).isEqualTo("pod-z");
    }

    @Test
    void aValidatedTokenIsWrittenToTheCacheAndATokenTheKeyCannotOpenIsServedFromIt() {
        a = gateway("pod-a", Map.of("DAISI_WS_AUTH_TOKEN_CACHE_TTL_SECONDS", "120"));
        String token = a.userToken("c1", "a1", "u1");
        String key = TokenCache.userKey(token);
        assertThat(redis.command("EXISTS", key)).isEqualTo("0");
        TestSocket.connect(a.userUrl("c1", "a1", token), Map.of(), "json.v1").nextOfType("ready");
        await().atMost(WAIT).until(() -> redis.command("EXISTS", key).equals("1"));
        assertThat(Long.parseLong(redis.command("TTL", key))).isBetween(1L, 120L);

        // A string no key decrypts validates only through the cache entry put there by hand.
        String notAToken = "not-a-real-token-but-cached";
        redis.command("SET", TokenCache.userKey(notAToken),
                ClaimsJson.write(new UserClaims("c2", "a2", "u2", Instant.now().plusSeconds(600))), "EX", "60");
        TestSocket viaCache = TestSocket.connect(a.userUrl("c2", "a2", notAToken), Map.of(), "json.v1");
        assertThat(viaCache.next().path("type").asText()).isEqualTo("ready");
    }

    @Test
    void anExpiredCacheEntryIsAMiss() {
        a = gateway("pod-a", Map.of());
        String notAToken = "not-a-real-token-expired-entry";
        redis.command("SET", TokenCache.userKey(notAToken),
                ClaimsJson.write(new UserClaims("c2", "a2", "u2", Instant.now().minusSeconds(5))), "EX", "60");
        TestSocket socket = TestSocket.connect(a.userUrl("c2", "a2", notAToken), Map.of(), "json.v1");
        assertThat(socket.nextOfType("error").at("/payload/code").asText()).isEqualTo("InvalidToken");
        assertThat(socket.awaitClose().code()).isEqualTo(4403);
    }

    @Test
    void withRedisStoppedTokensStillValidateByDecryptionWhenDegradedSessionsAreAllowed() {
        a = gateway("pod-a", Map.of("DAISI_WS_APP_ALLOW_DEGRADED_SESSIONS", "true"));
        String token = a.userToken("c1", "a1", "u1");
        redis.stop();
        try {
            TestSocket socket = TestSocket.connect(a.userUrl("c1", "a1", token), Map.of(), "json.v1");
            assertThat(socket.next().path("type").asText()).isEqualTo("ready");
        } finally {
            redis.start();
        }
    }

    @Test
    void aRedisOutageKeepsOpenSocketsRefusesNewOnesAndEverythingWorksAgainAfterIt() {
        twoGateways();
        TestSocket open = a.connectUser("c1", "a1", "u1");
        assertThat(ready(a)).contains("\"redis\":\"ok\"");
        redis.stop();
        await().atMost(WAIT).until(() -> ready(a).contains("\"redis\":\"down\""));

        a.publish("websocket.c1.a1.chats", TestGateway.event("during-outage", Map.of("n", 1)));
        assertThat(open.nextOfType("event").at("/payload/event_id").asText()).isEqualTo("during-outage");
        TestSocket refused = TestSocket.connect(a.userUrl("c1", "a1", a.userToken("c1", "a1", "u2")), Map.of(),
                "json.v1");
        assertThat(refused.nextOfType("error").at("/payload/code").asText()).isEqualTo("ServiceUnavailable");
        assertThat(refused.awaitClose().code()).isEqualTo(1013);
        assertThat(open.isClosed()).isFalse();

        redis.start(); // an empty Redis: the restart lost every key
        await().atMost(WAIT).until(() -> ready(a).contains("\"redis\":\"ok\""));
        await().atMost(WAIT).until(() -> "pod-a".equals(redis.command("GET", "session:c1:a1:u1")));
        assertThat(open.isClosed()).isFalse();

        TestSocket after = await().atMost(WAIT).ignoreExceptions()
                .until(() -> a.connectUser("c1", "a1", "u3"), s -> !s.isClosed());
        assertThat(after.isClosed()).isFalse();
        // the kill switch is subscribed again: the same user on B closes A's socket
        await().atMost(WAIT).until(() -> redis.command("CLIENT", "LIST").split("psub=1", -1).length - 1 >= 2);
        b.connectUser("c1", "a1", "u1");
        assertThat(open.awaitClose().code()).isEqualTo(4402);
    }

    @Test
    void adaptiveTtlGivesActiveSessionsTheActiveTtlAndIdleOnesTheInactiveTtl() {
        a = gateway("pod-a", Map.of(
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_ENABLED", "true",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_MIN_TTL_SECONDS", "5",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_MAX_TTL_SECONDS", "600",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_ACTIVITY_THRESHOLD_SECONDS", "60",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_ACTIVE_TTL_SECONDS", "500",
                "DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_INACTIVE_TTL_SECONDS", "40"));
        TestSocket busy = a.connectUser("c1", "busy", "u1");
        a.connectUser("c1", "idle", "u2");
        a.publish("websocket.c1.busy.chats", TestGateway.event("e1", Map.of()));
        busy.nextOfType("event");
        a.gateway().renewNow().toCompletableFuture().join();

        assertThat(Long.parseLong(redis.command("TTL", "session:c1:busy:u1"))).isBetween(400L, 500L);
        assertThat(Long.parseLong(redis.command("TTL", "session:c1:idle:u2"))).isBetween(1L, 40L);
        assertThat(redis.command("EXISTS", "session:c1:busy:u1:last_active")).isEqualTo("1");
        assertThat(redis.command("EXISTS", "session:c1:idle:u2:last_active")).isEqualTo("0");
        String metrics = new String(a.gateway().metrics().scrape());
        assertThat(metrics).contains("dws_redis_ttl_decision_total{decision=\"active\",key_type=\"session_lock\"} 1.0")
                .contains("dws_redis_ttl_decision_total{decision=\"inactive_no_key\",key_type=\"session_lock\"} 1.0")
                .contains("dws_session_lock_renewal_success_total{user_type=\"user\"} 2.0");
        assertThat(List.of(metrics.split("\n"))).noneMatch(line -> line.contains("u1") || line.contains("busy"));
    }

    // ---- takeover fencing: kill messages PUBLISHed by hand, as a slow network or a retried
    // publish would deliver them late or twice, never close the newest socket of a session ----

    @Test
    void aLateOrRepeatedKillLeavesTheNewestSocketOpenOnEitherPod() {
        a = gateway("pod-a", Map.of());
        b = gateway("pod-b", Map.of());
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
        a = gateway("pod-a", Map.of());
        b = gateway("pod-b", Map.of());
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
        a = gateway("pod-a", Map.of());
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
}
