package io.daisi.ws.store.redis;

import io.daisi.ws.session.KillNotice;
import io.daisi.ws.session.KillSwitch;
import io.daisi.ws.session.SessionKey;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session takeovers over Redis pub/sub, compatible with the reference's pods: PUBLISH of
 * {@code {"new_pod_id":...,"fence":...}} on {@code session_kill:...}, and one PSUBSCRIBE
 * {@code session_kill:*} per pod. Fences come from one Redis counter, see {@link RedisScripts#NEXT_FENCE}. Lettuce subscribes again by itself after a reconnect. Handlers run on Lettuce's thread
 * and must not block.
 */
public final class RedisKillSwitch implements KillSwitch {

    private static final Logger log = LoggerFactory.getLogger(RedisKillSwitch.class);
    private static final Duration SUBSCRIBE_RETRY = Duration.ofSeconds(1);

    private final RedisConnector redis;
    private final List<Consumer<KillNotice>> handlers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean listening = new AtomicBoolean();

    public RedisKillSwitch(RedisConnector redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** One counter for every session: only the order of fences matters, and one key never needs expiring. */
    static final String FENCE_KEY = "session_fence";

    @Override
    public CompletionStage<Long> nextFence() {
        return RedisScripts.NEXT_FENCE.run(redis, FENCE_KEY);
    }

    @Override
    public CompletionStage<Void> publish(SessionKey key, String newPodId, long fence) {
        String payload = KillPayload.encode(newPodId, fence);
        return redis.call(r -> r.publish(key.killChannel(), payload)).thenApply(receivers -> null);
    }

    /** The first call subscribes, as soon as the pub/sub connection is made; later calls add handlers. */
    @Override
    public void subscribe(Consumer<KillNotice> handler) {
        handlers.add(Objects.requireNonNull(handler, "handler"));
        if (listening.compareAndSet(false, true)) {
            redis.pubSub().thenAccept(this::listen);
        }
    }

    private void listen(StatefulRedisPubSubConnection<String, String> connection) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                deliver(channel, message);
            }
        });
        psubscribe(connection, true);
    }

    /**
     * Lettuce renews only subscriptions Redis confirmed, so one refused while Redis was away is
     * retried here until it is.
     */
    private void psubscribe(StatefulRedisPubSubConnection<String, String> connection, boolean first) {
        RedisFailures.attempt(() -> connection.async().psubscribe(SessionKey.KILL_PATTERN))
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        log.info("listening for session kills on {}", SessionKey.KILL_PATTERN);
                        return;
                    }
                    if (first) {
                        log.warn("cannot subscribe to {} yet ({}); retrying", SessionKey.KILL_PATTERN,
                                RedisFailures.unwrap(failure).getMessage());
                    }
                    redis.later(SUBSCRIBE_RETRY, () -> psubscribe(connection, false));
                });
    }

    private void deliver(String channel, String message) {
        Optional<KillPayload.Decoded> decoded = KillPayload.decode(message);
        if (decoded.isEmpty()) {
            log.warn("ignoring a kill message on {} without a new_pod_id ({} characters)", channel, message.length());
            return;
        }
        KillNotice notice = new KillNotice(SessionKey.lockKeyOfKillChannel(channel), decoded.get().newPodId(),
                decoded.get().fence());
        for (Consumer<KillNotice> handler : handlers) {
            try {
                handler.accept(notice);
            } catch (RuntimeException e) {
                log.error("kill notice handler failed for {}", notice.lockKey(), e);
            }
        }
    }
}
