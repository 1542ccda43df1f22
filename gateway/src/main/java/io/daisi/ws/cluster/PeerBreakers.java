package io.daisi.ws.cluster;

import io.daisi.ws.config.AppConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One circuit breaker per peer address, opened by
 * {@code app.grpc_circuitbreaker_fail_threshold} consecutive failed calls for
 * {@code app.grpc_circuitbreaker_open_duration_seconds}, then letting one probe call through.
 * A breaker built under other settings than the current config is replaced on next use, and
 * breakers of peers not called for a while are forgotten, so addresses of pods long gone do
 * not pile up. Each breaker tells how long it still refuses calls ({@link #retryAfter}), so an
 * event refused by an open breaker is redelivered when a call can be made again.
 */
final class PeerBreakers {
    private final Supplier<AppConfig> config;
    private final Consumer<String> onOpen;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> breakers = new ConcurrentHashMap<>();
    /** When each peer's breaker last opened, on {@link #clock}: the breaker keeps no such public record. */
    private final ConcurrentHashMap<String, Instant> openedAt = new ConcurrentHashMap<>();

    private record Settings(int failThreshold, int openSeconds) {
        static Settings of(AppConfig app) {
            return new Settings(app.grpcCircuitbreakerFailThreshold(), app.grpcCircuitbreakerOpenDurationSeconds());
        }
    }

    private record Entry(CircuitBreaker breaker, Settings settings, long lastUsedNanos) {
    }

    /** {@code onOpen} is called with the peer address, on the calling thread, each time a breaker opens. */
    PeerBreakers(Supplier<AppConfig> config, Consumer<String> onOpen) {
        this(config, onOpen, Clock.systemUTC());
    }

    /** With the clock the breakers' open time runs on (tests move it by hand). */
    PeerBreakers(Supplier<AppConfig> config, Consumer<String> onOpen, Clock clock) {
        this.config = config;
        this.onOpen = onOpen;
        this.clock = clock;
    }

    /**
     * How long calls to {@code address} will still be refused: the rest of the open time while
     * the breaker is open; {@code probe} (a probe call's bound) while half-open, when one probe
     * is out and decides; zero when closed or unknown.
     */
    Duration retryAfter(String address, Duration probe) {
        Entry entry = breakers.get(address);
        if (entry == null) {
            return Duration.ZERO;
        }
        return switch (entry.breaker().getState()) {
            case OPEN -> {
                Instant opened = openedAt.getOrDefault(address, clock.instant());
                Duration left = Duration.between(clock.instant(),
                        opened.plusSeconds(entry.settings().openSeconds()));
                // past the open time the next call turns the breaker half-open: a probe decides
                yield left.isNegative() || left.isZero() ? probe : left;
            }
            case HALF_OPEN -> probe;
            default -> Duration.ZERO;
        };
    }

    CircuitBreaker forAddress(String address) {
        Settings wanted = Settings.of(config.get());
        long now = System.nanoTime();
        return breakers.compute(address, (a, entry) -> entry != null && entry.settings().equals(wanted)
                ? new Entry(entry.breaker(), wanted, now)
                : new Entry(create(a, wanted), wanted, now)).breaker();
    }

    /** Forgets the breakers of peers not called for longer than {@code idle}. */
    void forgetIdle(Duration idle) {
        long now = System.nanoTime();
        breakers.values().removeIf(entry -> now - entry.lastUsedNanos() > idle.toNanos());
        openedAt.keySet().retainAll(breakers.keySet());
    }

    int size() {
        return breakers.size();
    }

    private CircuitBreaker create(String address, Settings settings) {
        CircuitBreaker breaker = CircuitBreaker.of("grpc-peer-" + address, config(settings, clock));
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(address, clock.instant());
                onOpen.accept(address);
            }
        });
        return breaker;
    }

    /**
     * A count window of N calls that opens at a 100% failure rate once N calls were seen opens
     * exactly on N consecutive failures: one success in the window keeps the rate below 100%
     * until N later failures have pushed it out. Half-open admits one probe; its outcome alone
     * closes or reopens the breaker. The transition to half-open happens on the first call
     * after the open duration (no timer thread).
     */
    private static CircuitBreakerConfig config(Settings settings, Clock clock) {
        return CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failThreshold())
                .minimumNumberOfCalls(settings.failThreshold())
                .failureRateThreshold(100)
                // failures only: call duration is bounded by the deadline, slowness is not a trip reason
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .waitDurationInOpenState(Duration.ofSeconds(settings.openSeconds()))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build();
    }
}
