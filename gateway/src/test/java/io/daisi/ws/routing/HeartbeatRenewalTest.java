package io.daisi.ws.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.store.memory.InMemoryPodDirectory;
import io.daisi.ws.testsupport.ManualClock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeartbeatRenewalTest {
    private static final Duration TTL = Duration.ofSeconds(15);

    private final ManualClock clock = new ManualClock();
    private final InMemoryPodDirectory directory = new InMemoryPodDirectory(clock);
    private final AtomicInteger lapses = new AtomicInteger();
    private final HeartbeatRenewal heartbeat = new HeartbeatRenewal(directory, "pod-a", "10.0.0.1:50051", () -> TTL,
            clock, lapses::incrementAndGet);

    @Test
    void beatsOnTimeAreNoLapse() {
        beat();
        for (int i = 0; i < 10; i++) {
            clock.advance(HeartbeatRenewal.interval(TTL));
            beat();
        }
        assertThat(lapses).hasValue(0);
        assertThat(alive()).isTrue();
    }

    @Test
    void twoMissedBeatsStillLeaveTheHeartbeatAliveAndAreNoLapse() {
        beat();
        clock.advance(TTL.minusMillis(1));
        assertThat(alive()).isTrue();
        beat();
        assertThat(lapses).hasValue(0);
    }

    @Test
    void aPauseLongerThanTheTtlIsReportedOnceWhenTheHeartbeatIsBack() {
        beat();
        clock.advance(Duration.ofSeconds(20)); // SIGSTOP for 20 s
        assertThat(alive()).as("peers see the pod dead meanwhile").isFalse();

        beat();
        assertThat(lapses).hasValue(1);
        assertThat(alive()).isTrue();

        clock.advance(HeartbeatRenewal.interval(TTL));
        beat();
        assertThat(lapses).as("reported once per gap").hasValue(1);
    }

    @Test
    void exactlyOneTtlWithoutABeatIsALapse() {
        beat();
        clock.advance(TTL);
        assertThat(alive()).isFalse();
        beat();
        assertThat(lapses).hasValue(1);
    }

    @Test
    void aStoreOutageWithBeatsStillAttemptedIsNoLapse() {
        AtomicBoolean storeUp = new AtomicBoolean(true);
        PodDirectory flaky = new PodDirectory() {
            @Override
            public CompletionStage<Void> beat(String podId, String grpcAddress, Duration ttl) {
                return storeUp.get() ? directory.beat(podId, grpcAddress, ttl)
                        : CompletableFuture.failedFuture(new IllegalStateException("store down"));
            }

            @Override
            public CompletionStage<Void> remove(String podId) {
                return directory.remove(podId);
            }

            @Override
            public CompletionStage<Map<String, Optional<String>>> addresses(Collection<String> podIds) {
                return directory.addresses(podIds);
            }
        };
        HeartbeatRenewal onFlakyStore = new HeartbeatRenewal(flaky, "pod-a", "10.0.0.1:50051", () -> TTL, clock,
                lapses::incrementAndGet);
        onFlakyStore.renew(false).toCompletableFuture().join();
        storeUp.set(false);
        for (int i = 0; i < 6; i++) {
            clock.advance(HeartbeatRenewal.interval(TTL));
            onFlakyStore.renew(false).toCompletableFuture().exceptionally(failure -> null).join();
        }
        storeUp.set(true);
        clock.advance(HeartbeatRenewal.interval(TTL));
        onFlakyStore.renew(false).toCompletableFuture().join();
        assertThat(lapses).as("peers could not read heartbeats either; routes are re-asserted on reconnect")
                .hasValue(0);
    }

    @Test
    void theFirstBeatIsNoLapse() {
        clock.advance(Duration.ofDays(1));
        beat();
        assertThat(lapses).hasValue(0);
    }

    private void beat() {
        heartbeat.renew(false).toCompletableFuture().join();
    }

    private boolean alive() {
        return directory.addresses(List.of("pod-a")).toCompletableFuture().join().get("pod-a").isPresent();
    }
}
