package io.daisi.ws.session;

import io.daisi.ws.renewal.AdaptiveTtl;
import io.daisi.ws.renewal.RenewalTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the lock of every session this pod holds (SPEC §5 "Renewal"), in batches of
 * {@link #BATCH} keys, each one pipelined round trip for the TTL decision and one for the
 * compare-and-expire. A lock found owned by another pod — or gone, outside an outage — means the
 * session was taken over: the local socket is closed with 4402. After an outage the lost locks
 * are written back instead (SET NX), unless another pod took them meanwhile.
 */
public final class SessionLockRenewal implements RenewalTask {
    private static final Logger log = LoggerFactory.getLogger(SessionLockRenewal.class);
    static final int BATCH = 500;

    private final LocalSessions sessions;
    private final SessionLock lock;
    private final AdaptiveTtl ttl;
    private final String podId;
    private final Clock clock;
    private final SessionMetrics metrics;
    private Instant previousRound = Instant.EPOCH;

    public SessionLockRenewal(LocalSessions sessions, SessionLock lock, AdaptiveTtl ttl, String podId, Clock clock,
                              SessionMetrics metrics) {
        this.sessions = sessions;
        this.lock = lock;
        this.ttl = ttl;
        this.podId = podId;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "session locks";
    }

    @Override
    public CompletionStage<Void> renew(boolean reassert) {
        Instant since = previousRound;
        previousRound = clock.instant();
        List<LocalSessions.Held> held = sessions.held();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < held.size(); from += BATCH) {
            List<LocalSessions.Held> batch = held.subList(from, Math.min(held.size(), from + BATCH));
            chain = chain.thenCompose(ignored -> renewBatch(batch, since, reassert));
        }
        return chain;
    }

    private CompletionStage<Void> renewBatch(List<LocalSessions.Held> batch, Instant since, boolean reassert) {
        Map<String, LocalSessions.Held> byKey = new LinkedHashMap<>();
        Map<String, Instant> active = new HashMap<>();
        for (LocalSessions.Held h : batch) {
            byKey.put(h.lockKey(), h);
            h.holder().lastDeliveryAt().filter(at -> at.isAfter(since)).ifPresent(at -> active.put(h.lockKey(), at));
        }
        return ttl.ttls(byKey.keySet(), active)
                .thenCompose(ttlByKey -> lock.refresh(ttlByKey, podId)
                        .thenCompose(stillOurs -> settle(byKey, ttlByKey, stillOurs, reassert)))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        byKey.values().forEach(h -> metrics.lockRenewal(h.type(), "error"));
                    }
                });
    }

    private CompletionStage<Void> settle(Map<String, LocalSessions.Held> byKey, Map<String, Duration> ttlByKey,
                                         Map<String, Boolean> stillOurs, boolean reassert) {
        List<CompletableFuture<Void>> reasserted = new ArrayList<>();
        stillOurs.forEach((key, ours) -> {
            LocalSessions.Held h = byKey.get(key);
            if (h == null) {
                return;
            }
            if (ours) {
                metrics.lockRenewal(h.type(), "renewed");
            } else if (reassert) {
                reasserted.add(lock.tryAcquire(key, podId, ttlByKey.get(key)).toCompletableFuture()
                        .thenAccept(acquired -> {
                            if (acquired) {
                                log.info("session lock {} re-asserted after a store outage", key);
                                metrics.lockRenewal(h.type(), "reasserted");
                            } else {
                                lost(h);
                            }
                        }));
            } else {
                lost(h);
            }
        });
        return CompletableFuture.allOf(reasserted.toArray(CompletableFuture[]::new));
    }

    private void lost(LocalSessions.Held h) {
        metrics.lockRenewal(h.type(), "lost");
        log.info("session lock {} is no longer held by this pod; closing its socket with 4402", h.lockKey());
        sessions.takeOver(h.lockKey(), h.holder());
    }
}
