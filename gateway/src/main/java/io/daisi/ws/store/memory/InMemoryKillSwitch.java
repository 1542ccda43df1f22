package io.daisi.ws.store.memory;

import io.daisi.ws.session.KillNotice;
import io.daisi.ws.session.KillSwitch;
import io.daisi.ws.session.SessionKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill switch within one process: notices reach subscribers synchronously; fences come
 * from one counter (a process never loses it, so no clock is needed).
 */
public final class InMemoryKillSwitch implements KillSwitch {
    private static final Logger log = LoggerFactory.getLogger(InMemoryKillSwitch.class);
    private final List<Consumer<KillNotice>> handlers = new CopyOnWriteArrayList<>();

    private final AtomicLong fences = new AtomicLong();

    @Override
    public CompletionStage<Long> nextFence() {
        return CompletableFuture.completedFuture(fences.incrementAndGet());
    }

    @Override
    public CompletionStage<Void> publish(SessionKey key, String newPodId, long fence) {
        KillNotice notice = new KillNotice(key.lockKey(), newPodId, fence);
        for (Consumer<KillNotice> handler : handlers) {
            try {
                handler.accept(notice);
            } catch (RuntimeException e) {
                log.error("kill notice handler failed", e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void subscribe(Consumer<KillNotice> handler) {
        handlers.add(handler);
    }
}
