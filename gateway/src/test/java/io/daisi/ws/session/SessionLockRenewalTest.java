package io.daisi.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.AdaptiveTtlRules;
import io.daisi.ws.renewal.AdaptiveTtl;
import io.daisi.ws.renewal.TtlMetrics;
import io.daisi.ws.store.memory.InMemoryActivityMarks;
import io.daisi.ws.store.memory.InMemorySessionLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionLockRenewalTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final InMemorySessionLock lock = new InMemorySessionLock(CLOCK);
    private final LocalSessions sessions = new LocalSessions(lock, "pod-a");
    private final List<String> closed = Collections.synchronizedList(new ArrayList<>());
    private final SessionLockRenewal renewal = new SessionLockRenewal(sessions, lock,
            new AdaptiveTtl("session_lock", () -> new AdaptiveTtlRules(false, 1, 60, 10, 60, 5), () -> TTL,
                    new InMemoryActivityMarks(CLOCK), CLOCK, TtlMetrics.NOOP),
            "pod-a", CLOCK, SessionMetrics.NONE);

    private SessionKey hold(String user) {
        SessionKey key = SessionKey.forUser("c", "a", user);
        lock.forceAcquire(key.lockKey(), "pod-a", TTL);
        sessions.register(key, new RecordingHolder(user, closed), 1);
        return key;
    }

    @Test
    void locksStillOursAreKept() {
        SessionKey u1 = hold("u1");
        renewal.renew(false).toCompletableFuture().join();
        assertThat(closed).isEmpty();
        assertThat(lock.owner(u1.lockKey())).contains("pod-a");
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void aLockTakenByAnotherPodClosesOnlyThatSocket() {
        hold("u1");
        SessionKey u2 = hold("u2");
        lock.forceAcquire(u2.lockKey(), "pod-b", TTL);
        renewal.renew(false).toCompletableFuture().join();
        assertThat(closed).containsExactly("u2");
        assertThat(lock.owner(u2.lockKey())).contains("pod-b");
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void aLockDeletedOutsideAnOutageClosesTheSocket() {
        SessionKey u1 = hold("u1");
        lock.release(u1.lockKey(), "pod-a");
        renewal.renew(false).toCompletableFuture().join();
        assertThat(closed).containsExactly("u1");
    }

    @Test
    void afterAnOutageLostLocksAreWrittenBackButTakenOnesStillClose() {
        SessionKey lost = hold("u1");
        SessionKey taken = hold("u2");
        lock.release(lost.lockKey(), "pod-a");
        lock.forceAcquire(taken.lockKey(), "pod-b", TTL);
        renewal.renew(true).toCompletableFuture().join();
        assertThat(closed).containsExactly("u2");
        assertThat(lock.owner(lost.lockKey())).contains("pod-a");
    }

    @Test
    void manySessionsAreRenewedAcrossBatches() {
        for (int i = 0; i < SessionLockRenewal.BATCH * 2 + 7; i++) {
            hold("u" + i);
        }
        SessionKey last = SessionKey.forUser("c", "a", "u" + (SessionLockRenewal.BATCH * 2 + 6));
        lock.forceAcquire(last.lockKey(), "pod-b", TTL);
        renewal.renew(false).toCompletableFuture().join();
        assertThat(closed).containsExactly(last.lockKey().substring(last.lockKey().lastIndexOf(':') + 1));
    }
}
