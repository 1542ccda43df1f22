package io.daisi.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.store.memory.InMemoryKillSwitch;
import io.daisi.ws.store.memory.InMemorySessionLock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SessionAdmissionTest {
    private final InMemorySessionLock lock = new InMemorySessionLock(Clock.systemUTC());
    private final InMemoryKillSwitch killSwitch = new InMemoryKillSwitch();
    private final List<KillNotice> notices = new ArrayList<>();
    private final SessionKey key = SessionKey.forUser("c", "a", "u");

    private SessionAdmission admission(String pod, boolean degraded, SessionLock withLock) {
        return new SessionAdmission(withLock, killSwitch, pod, () -> Duration.ofSeconds(30),
                () -> Duration.ofMillis(20), () -> degraded, SessionMetrics.NONE);
    }

    @Test
    void keysAreTheReferenceOnes() {
        assertThat(key.lockKey()).isEqualTo("session:c:a:u");
        assertThat(key.killChannel()).isEqualTo("session_kill:c:a:u");
        assertThat(SessionKey.forAdmin("root").lockKey()).isEqualTo("session:admin:root");
        assertThat(SessionKey.forAdmin("root").killChannel()).isEqualTo("session_kill:admin:root");
        assertThat(SessionKey.lockKeyOfKillChannel("session_kill:admin:root")).isEqualTo("session:admin:root");
    }

    @Test
    void freeLockIsTakenWithNx() {
        Admission result = admission("pod-a", false, lock).admit(key).toCompletableFuture().join();
        assertThat(result).isInstanceOfSatisfying(Admission.Granted.class, g -> assertThat(g.how()).isEqualTo("nx"));
        assertThat(lock.owner(key.lockKey())).contains("pod-a");
    }

    @Test
    void heldLockIsKilledThenTakenByForceWhenTheHolderDoesNotLetGo() {
        killSwitch.subscribe(notices::add);
        admission("pod-a", false, lock).admit(key).toCompletableFuture().join();
        Admission result = admission("pod-b", false, lock).admit(key).toCompletableFuture().join();
        assertThat(result).isInstanceOfSatisfying(Admission.Granted.class, g -> assertThat(g.how()).isEqualTo("force"));
        // the kill carries the fence of the connection it announces
        assertThat(notices).containsExactly(new KillNotice("session:c:a:u", "pod-b", result.fence()));
        assertThat(lock.owner(key.lockKey())).contains("pod-b");
    }

    @Test
    void heldLockIsRetakenWithNxWhenTheHolderReleasesAfterTheKill() {
        admission("pod-a", false, lock).admit(key).toCompletableFuture().join();
        killSwitch.subscribe(notice -> lock.release(notice.lockKey(), "pod-a"));
        Admission result = admission("pod-b", false, lock).admit(key).toCompletableFuture().join();
        assertThat(result).isInstanceOfSatisfying(Admission.Granted.class, g -> assertThat(g.how()).isEqualTo("retry"));
    }

    @Test
    void storeDownRefusesUnlessDegradedSessionsAreAllowed() {
        SessionLock broken = new SessionLock() {
            @Override
            public CompletionStage<Boolean> tryAcquire(String k, String o, Duration t) {
                return CompletableFuture.failedFuture(new io.daisi.ws.store.StoreUnavailableException("down"));
            }

            @Override
            public CompletionStage<Void> forceAcquire(String k, String o, Duration t) {
                return CompletableFuture.failedFuture(new io.daisi.ws.store.StoreUnavailableException("down"));
            }

            @Override
            public CompletionStage<Boolean> release(String k, String o) {
                return CompletableFuture.failedFuture(new io.daisi.ws.store.StoreUnavailableException("down"));
            }

            @Override
            public CompletionStage<Map<String, Boolean>> refresh(Map<String, Duration> t, String o) {
                return CompletableFuture.failedFuture(new io.daisi.ws.store.StoreUnavailableException("down"));
            }
        };
        assertThat(admission("p", false, broken).admit(key).toCompletableFuture().join())
                .isInstanceOf(Admission.Unavailable.class);
        assertThat(admission("p", true, broken).admit(key).toCompletableFuture().join())
                .isInstanceOf(Admission.Degraded.class);
    }

    @Test
    void aDefectIsNotMistakenForAnOutage() {
        SessionLock buggy = new InMemorySessionLock(Clock.systemUTC());
        SessionLock failing = new SessionLock() {
            @Override
            public CompletionStage<Boolean> tryAcquire(String k, String o, Duration t) {
                return CompletableFuture.failedFuture(new IllegalStateException("bug"));
            }

            @Override
            public CompletionStage<Void> forceAcquire(String k, String o, Duration t) {
                return buggy.forceAcquire(k, o, t);
            }

            @Override
            public CompletionStage<Boolean> release(String k, String o) {
                return buggy.release(k, o);
            }

            @Override
            public CompletionStage<Map<String, Boolean>> refresh(Map<String, Duration> t, String o) {
                return buggy.refresh(t, o);
            }
        };
        assertThat(admission("p", true, failing).admit(key).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void localSessionsCloseTheOlderHolderAndReleaseOnlyForTheCurrentOne() {
        LocalSessions sessions = new LocalSessions(lock, "pod-a");
        List<String> closed = new ArrayList<>();
        SessionHolder first = new RecordingHolder("first", closed);
        SessionHolder second = new RecordingHolder("second", closed);
        lock.forceAcquire(key.lockKey(), "pod-a", Duration.ofSeconds(30));
        sessions.register(key, first, 1);
        sessions.register(key, second, 2);
        assertThat(closed).containsExactly("first");
        assertThat(sessions.unregister(key, first).toCompletableFuture().join()).isFalse();
        assertThat(lock.owner(key.lockKey())).contains("pod-a");
        assertThat(sessions.unregister(key, second).toCompletableFuture().join()).isTrue();
        assertThat(lock.owner(key.lockKey())).isEmpty();
    }

    @Test
    void killNoticeFromAnotherPodClosesTheLocalHolder() {
        LocalSessions sessions = new LocalSessions(lock, "pod-a");
        List<String> closed = new ArrayList<>();
        sessions.register(key, new RecordingHolder("holder", closed), 5);
        sessions.onKill(new KillNotice(key.lockKey(), "pod-a"));
        assertThat(closed).isEmpty();
        sessions.onKill(new KillNotice(key.lockKey(), "pod-b"));
        assertThat(closed).containsExactly("holder");
        assertThat(sessions.size()).isZero();
    }
}
