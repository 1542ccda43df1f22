package io.daisi.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.store.memory.InMemoryKillSwitch;
import io.daisi.ws.store.memory.InMemorySessionLock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §5 takeovers with fences: a late or repeated kill never closes a newer socket. */
class TakeoverFencingTest {
    private final InMemorySessionLock lock = new InMemorySessionLock(Clock.systemUTC());
    private final SessionKey key = SessionKey.forUser("c", "a", "u");
    private final LocalSessions sessions = new LocalSessions(lock, "pod-a");
    private final List<String> closed = new ArrayList<>();

    @Test
    void aFencedNoticeSupersedesOnlyOlderHolders() {
        KillNotice notice = new KillNotice(key.lockKey(), "pod-b", 10);

        assertThat(notice.supersedes(9)).isTrue();
        assertThat(notice.supersedes(10)).isFalse();
        assertThat(notice.supersedes(11)).isFalse();
        // a holder admitted without a fence (degraded) yields to any fenced takeover
        assertThat(notice.supersedes(0)).isTrue();
    }

    @Test
    void aNoticeWithoutAFenceActsAsTheReferenceDid() {
        assertThat(new KillNotice(key.lockKey(), "go-pod").supersedes(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void aLateKillForAnOlderConnectionLeavesTheNewerHolderOpen() {
        sessions.register(key, new RecordingHolder("newest", closed), 20);

        sessions.onKill(new KillNotice(key.lockKey(), "pod-b", 15));
        sessions.onKill(new KillNotice(key.lockKey(), "pod-b", 15));

        assertThat(closed).isEmpty();
        assertThat(sessions.size()).isOne();
    }

    @Test
    void aKillForANewerConnectionClosesTheHolderOnceAndItsRepeatFindsNothing() {
        sessions.register(key, new RecordingHolder("older", closed), 20);

        sessions.onKill(new KillNotice(key.lockKey(), "pod-b", 21));
        sessions.register(key, new RecordingHolder("newest-here", closed), 22);
        sessions.onKill(new KillNotice(key.lockKey(), "pod-b", 21));

        assertThat(closed).containsExactly("older");
    }

    @Test
    void anOlderLocalConnectionRegisteringLateIsTheOneClosed() {
        sessions.register(key, new RecordingHolder("newer", closed), 31);
        sessions.register(key, new RecordingHolder("older", closed), 30);

        assertThat(closed).containsExactly("older");
        assertThat(sessions.held()).singleElement().satisfies(held -> assertThat(held.fence()).isEqualTo(31));
    }

    @Test
    void aConnectionAdmittedDegradedWithoutAFenceReplacesTheLocalHolderAsBefore() {
        sessions.register(key, new RecordingHolder("fenced", closed), 40);
        sessions.register(key, new RecordingHolder("degraded", closed), 0);

        assertThat(closed).containsExactly("fenced");
    }

    @Test
    void admissionsDrawGrowingFencesAndTheKillCarriesTheNewConnections() {
        InMemoryKillSwitch killSwitch = new InMemoryKillSwitch();
        List<KillNotice> notices = new ArrayList<>();
        killSwitch.subscribe(notices::add);
        SessionAdmission podA = new SessionAdmission(lock, killSwitch, "pod-a", () -> Duration.ofSeconds(30),
                () -> Duration.ofMillis(1), () -> false, SessionMetrics.NONE);
        SessionAdmission podB = new SessionAdmission(lock, killSwitch, "pod-b", () -> Duration.ofSeconds(30),
                () -> Duration.ofMillis(1), () -> false, SessionMetrics.NONE);

        long first = podA.admit(key).toCompletableFuture().join().fence();
        long second = podB.admit(key).toCompletableFuture().join().fence();

        assertThat(second).isGreaterThan(first).isPositive();
        assertThat(notices).containsExactly(new KillNotice(key.lockKey(), "pod-b", second));
    }
}
