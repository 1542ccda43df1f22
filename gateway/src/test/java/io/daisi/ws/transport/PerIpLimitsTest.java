package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PerIpLimitsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final PerIpLimits limits = new PerIpLimits(clock);

    @Test
    void handshakesGetABurstOfTheRateThenRefillOverTime() {
        assertThat(limits.tryHandshake("10.0.0.1", 2)).isTrue();
        assertThat(limits.tryHandshake("10.0.0.1", 2)).isTrue();
        assertThat(limits.tryHandshake("10.0.0.1", 2)).isFalse();
        // another address has a bucket of its own
        assertThat(limits.tryHandshake("10.0.0.2", 2)).isTrue();

        clock.advance(Duration.ofMillis(500));
        assertThat(limits.tryHandshake("10.0.0.1", 2)).isTrue();
        assertThat(limits.tryHandshake("10.0.0.1", 2)).isFalse();
    }

    @Test
    void zeroMeansUnlimitedAndTracksNothing() {
        for (int i = 0; i < 1000; i++) {
            assertThat(limits.tryHandshake("10.0.0.1", 0)).isTrue();
        }
        assertThat(limits.trackedAddresses()).isZero();
    }

    @Test
    void idleBucketsAreSweptSoMemoryIsBoundedByRecentAddresses() {
        for (int i = 0; i < 5000; i++) {
            limits.tryHandshake("10.1." + (i / 256) + "." + (i % 256), 5);
        }
        assertThat(limits.trackedAddresses()).isEqualTo(5000);

        clock.advance(Duration.ofSeconds(2));
        limits.tryHandshake("10.9.9.9", 5);

        assertThat(limits.trackedAddresses()).isOne();
    }

    @Test
    void connectionSlotsAreCountedPerAddressAndFreedOnClose() {
        assertThat(limits.tryOpen("10.0.0.1", 2)).isTrue();
        assertThat(limits.tryOpen("10.0.0.1", 2)).isTrue();
        assertThat(limits.tryOpen("10.0.0.1", 2)).isFalse();
        assertThat(limits.tryOpen("10.0.0.2", 2)).isTrue();

        limits.closed("10.0.0.1");
        assertThat(limits.tryOpen("10.0.0.1", 2)).isTrue();

        limits.closed("10.0.0.1");
        limits.closed("10.0.0.1");
        limits.closed("10.0.0.2");
        assertThat(limits.trackedAddresses()).isZero();
    }
}
