package io.daisi.ws.transport;

/**
 * Token bucket for client frames (SPEC §4): {@code rate}/s with a burst. The first
 * excess frame of an episode is answered with RateLimitExceeded; the socket is
 * closed with 4429 when excess frames keep coming for 3 seconds, or exceed 5×
 * the rate within one second. An episode ends after a second without excess.
 * Confined to the socket's event loop.
 */
final class InboundRateLimiter {
    enum Verdict { ALLOW, REJECT_AND_WARN, REJECT, CLOSE }

    private static final long SECOND = 1_000_000_000L;
    private static final long SUSTAINED_EXCESS = 3 * SECOND;

    private final double ratePerNano;
    private final double burst;
    private final int maxExcessPerSecond;
    private double tokens;
    private long lastRefill;
    private long episodeStart = -1;
    private long lastExcess;
    private long windowStart;
    private int excessInWindow;

    InboundRateLimiter(int perSecond, int burst, long nowNanos) {
        this.ratePerNano = perSecond / (double) SECOND;
        this.burst = burst;
        this.maxExcessPerSecond = 5 * perSecond;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    Verdict onFrame(long now) {
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        if (episodeStart >= 0 && now - lastExcess > SECOND) {
            episodeStart = -1;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOW;
        }
        lastExcess = now;
        if (episodeStart < 0) {
            episodeStart = now;
            windowStart = now;
            excessInWindow = 1;
            return Verdict.REJECT_AND_WARN;
        }
        if (now - windowStart >= SECOND) {
            windowStart = now;
            excessInWindow = 0;
        }
        excessInWindow++;
        if (excessInWindow > maxExcessPerSecond || now - episodeStart >= SUSTAINED_EXCESS) {
            return Verdict.CLOSE;
        }
        return Verdict.REJECT;
    }
}
