package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void allowsTheBurstThenWarnsOnceThenRejects() {
        InboundRateLimiter limiter = new InboundRateLimiter(20, 40, 0);
        for (int i = 0; i < 40; i++) {
            assertThat(limiter.onFrame(0)).isEqualTo(InboundRateLimiter.Verdict.ALLOW);
        }
        assertThat(limiter.onFrame(0)).isEqualTo(InboundRateLimiter.Verdict.REJECT_AND_WARN);
        assertThat(limiter.onFrame(1 * MS)).isEqualTo(InboundRateLimiter.Verdict.REJECT);
    }

    @Test
    void steadyRateWithinTheLimitIsAlwaysAllowed() {
        InboundRateLimiter limiter = new InboundRateLimiter(20, 40, 0);
        for (int i = 0; i < 200; i++) {
            assertThat(limiter.onFrame(i * 60 * MS)).isEqualTo(InboundRateLimiter.Verdict.ALLOW);
        }
    }

    @Test
    void closesWhenExcessExceedsFiveTimesTheRateWithinASecond() {
        InboundRateLimiter limiter = new InboundRateLimiter(20, 40, 0);
        InboundRateLimiter.Verdict last = null;
        int frames = 0;
        while (last != InboundRateLimiter.Verdict.CLOSE && frames < 1000) {
            last = limiter.onFrame(frames * 100_000L); // 10,000 frames per second
            frames++;
        }
        assertThat(last).isEqualTo(InboundRateLimiter.Verdict.CLOSE);
        // 40 burst + a few refilled + 100 tolerated excess; closes well within one second
        assertThat(frames * 100_000L).isLessThan(1_000 * MS);
    }

    @Test
    void closesWhenExcessKeepsComingForThreeSeconds() {
        InboundRateLimiter limiter = new InboundRateLimiter(20, 40, 0);
        for (int i = 0; i < 40; i++) {
            limiter.onFrame(0);
        }
        // 30 frames/s: 10 over the rate each second, never 5x
        InboundRateLimiter.Verdict last = null;
        long t = 0;
        while (last != InboundRateLimiter.Verdict.CLOSE && t < 10_000 * MS) {
            t += 33 * MS;
            last = limiter.onFrame(t);
        }
        assertThat(last).isEqualTo(InboundRateLimiter.Verdict.CLOSE);
        assertThat(t).isBetween(3_000 * MS, 4_000 * MS);
    }

    @Test
    void anEpisodeEndsAfterAQuietSecond() {
        InboundRateLimiter limiter = new InboundRateLimiter(20, 40, 0);
        for (int i = 0; i < 40; i++) {
            limiter.onFrame(0);
        }
        assertThat(limiter.onFrame(0)).isEqualTo(InboundRateLimiter.Verdict.REJECT_AND_WARN);
        assertThat(limiter.onFrame(2_000 * MS)).isEqualTo(InboundRateLimiter.Verdict.ALLOW);
        for (int i = 0; i < 39; i++) {
            limiter.onFrame(2_000 * MS);
        }
        assertThat(limiter.onFrame(2_000 * MS)).isEqualTo(InboundRateLimiter.Verdict.REJECT_AND_WARN);
    }
}
