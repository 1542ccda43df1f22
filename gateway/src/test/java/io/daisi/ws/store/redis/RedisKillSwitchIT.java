package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.RECOVERY;
import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daisi.ws.session.KillNotice;
import io.daisi.ws.session.SessionKey;
import io.daisi.ws.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisKillSwitchIT {

    private RedisServer redis;
    private RedisConnector connector;
    private RedisKillSwitch killSwitch;
    private final List<KillNotice> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void subscribe() {
        redis = RedisServer.launch();
        connector = RedisTesting.connected(redis);
        killSwitch = new RedisKillSwitch(connector);
        killSwitch.subscribe(notices::add);
        awaitPatternSubscription();
    }

    @AfterEach
    void stopRedis() {
        connector.close();
        redis.close();
    }

    @Test
    void aPublishedKillReachesTheSubscriberWithLockKeyAndPod() {
        await(killSwitch.publish(SessionKey.forUser("c", "a", "u"), "pod-b", 7));
        await(killSwitch.publish(SessionKey.forAdmin("root"), "pod-c", 8));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(notices).containsExactly(
                new KillNotice("session:c:a:u", "pod-b", 7), new KillNotice("session:admin:root", "pod-c", 8)));
    }

    @Test
    void thePayloadIsTheReferenceOne() {
        RedisConnector other = RedisTesting.connected(redis);
        try {
            List<String> payloads = new CopyOnWriteArrayList<>();
            other.pubSub().toCompletableFuture().join().addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    payloads.add(channel + " " + message);
                }
            });
            await(other.pubSub().thenCompose(c -> c.async().subscribe("session_kill:c:a:u")));

            await(killSwitch.publish(SessionKey.forUser("c", "a", "u"), "pod-b", 9));

            // the reference's field, unchanged, and the fence beside it (Go pods ignore unknown fields)
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(payloads).containsExactly("session_kill:c:a:u {\"new_pod_id\":\"pod-b\",\"fence\":9}"));
        } finally {
            other.close();
        }
    }

    @Test
    void fencesOnlyGrowAndStayAboveTheServerClockAfterRedisLostThem() {
        long first = await(killSwitch.nextFence());
        long second = await(killSwitch.nextFence());
        redis.command("DEL", RedisKillSwitch.FENCE_KEY);
        long afterLoss = await(killSwitch.nextFence());

        assertThat(second).isGreaterThan(first);
        // microseconds of the Redis clock: a counter restarting at 1 would look older than every open socket
        assertThat(afterLoss).isGreaterThan(second);
    }

    @Test
    void aKillPublishedByAGoPodIsUnderstood() {
        redis.command("PUBLISH", "session_kill:admin:x", "{\"new_pod_id\":\"p9\"}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notices).containsExactly(new KillNotice("session:admin:x", "p9")));
    }

    @Test
    void garbageIsIgnoredAndTheNextKillStillArrives() {
        redis.command("PUBLISH", "session_kill:c:a:u", "not json");
        redis.command("PUBLISH", "session_kill:c:a:u", "{\"new_pod_id\":42}");
        redis.command("PUBLISH", "session_kill:c:a:u", "{}");
        redis.command("PUBLISH", "session_kill:c:a:u", "{\"new_pod_id\":\"pod-b\"}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(notices).containsExactly(new KillNotice("session:c:a:u", "pod-b")));
    }

    @Test
    void aFailingHandlerDoesNotStopTheOthers() {
        List<KillNotice> second = new CopyOnWriteArrayList<>();
        killSwitch.subscribe(notice -> {
            throw new IllegalStateException("handler bug");
        });
        killSwitch.subscribe(second::add);

        redis.command("PUBLISH", "session_kill:c:a:u", "{\"new_pod_id\":\"pod-b\"}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(notices).hasSize(1);
            assertThat(second).hasSize(1);
        });
        assertThat(redis.command("PUBSUB", "NUMPAT")).isEqualTo("1");
    }

    @Test
    void theSubscriptionComesBackAfterARedisRestart() {
        redis.stop();
        redis.start();

        // Lettuce resubscribes on reconnect: a kill published by hand reaches the handler again
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            redis.command("PUBLISH", "session_kill:admin:x", "{\"new_pod_id\":\"p9\"}");
            assertThat(notices).contains(new KillNotice("session:admin:x", "p9"));
        });
        assertThat(redis.command("PUBSUB", "NUMPAT")).isEqualTo("1");
    }

    @Test
    void subscribingBeforeRedisIsUpSubscribesOnceItIs() {
        RedisServer late = RedisServer.launch();
        late.stop();
        RedisConnector lateConnector = RedisConnector.start(RedisTesting.config(late));
        try {
            List<KillNotice> lateNotices = new CopyOnWriteArrayList<>();
            new RedisKillSwitch(lateConnector).subscribe(lateNotices::add);

            late.start();

            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                late.command("PUBLISH", "session_kill:admin:x", "{\"new_pod_id\":\"p9\"}");
                assertThat(lateNotices).contains(new KillNotice("session:admin:x", "p9"));
            });
        } finally {
            lateConnector.close();
            late.close();
        }
    }

    private void awaitPatternSubscription() {
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(redis.command("PUBSUB", "NUMPAT")));
    }
}
