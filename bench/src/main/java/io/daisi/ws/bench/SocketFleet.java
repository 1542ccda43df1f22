package io.daisi.ws.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Many client sockets: opened at a steady pace with bounded concurrency, then closed together. */
final class SocketFleet implements AutoCloseable {
    private final List<Gateway> gateways;
    private final FleetSettings settings;
    private final TokenSource tokens;
    private final WsClient client;
    private final Deliveries deliveries = new Deliveries();
    private final List<BenchSocket> sockets = new ArrayList<>();

    SocketFleet(Gateway gateway, FleetSettings settings, Http http) {
        this(List.of(gateway), settings, new TokenMinter(http, gateway, settings.mintConcurrency())::mint);
    }

    /** Sockets spread over {@code gateways} by {@link Target#gateway()}; tokens from {@code tokens}. */
    SocketFleet(List<Gateway> gateways, FleetSettings settings, TokenSource tokens) {
        this.gateways = gateways;
        this.settings = settings;
        this.tokens = tokens;
        this.client = new WsClient(settings.ioThreads(), settings.connectTimeout().toMillis(), settings.bind(),
                settings.socketIo());
    }

    /** What opening the fleet gave. */
    record Opened(int requested, int ready, Map<String, Integer> failures, long elapsedNanos,
                  Percentiles handshake) {
        double perSecond() {
            return elapsedNanos == 0 ? 0 : ready * 1e9 / elapsedNanos;
        }
    }

    /**
     * Opens one socket per target, {@code rampPerSecond} at most, {@code maxInFlight} not yet
     * ready at most, and waits until each is ready or failed, or the connect timeout has passed.
     */
    Opened open(List<Target> targets) throws InterruptedException {
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        long start = System.nanoTime();
        long deadline = start + settings.connectTimeout().toNanos();
        double nanosPerSocket = 1e9 / settings.rampPerSecond();
        for (int i = 0; i < targets.size() && System.nanoTime() < deadline; i++) {
            LockSupport.parkNanos(start + (long) (i * nanosPerSocket) - System.nanoTime());
            if (!inFlight.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            BenchSocket s = new BenchSocket(targets.get(i), deliveries);
            sockets.add(s);
            s.ready.whenComplete((ok, e) -> inFlight.release());
            tokens.token(s.target).whenComplete((token, e) -> {
                if (e != null) {
                    s.fail("token: " + BenchSocket.describe(e));
                    return;
                }
                try {
                    Gateway gateway = gateways.get(s.target.gateway() % gateways.size());
                    client.connect(s.target.admin() ? gateway.adminSocket(token)
                            : gateway.socket(s.target.company(), s.target.agent(), token), s);
                } catch (RuntimeException ex) {
                    s.fail(BenchSocket.describe(ex));
                }
            });
        }
        awaitReady(deadline);
        long elapsed = System.nanoTime() - start;
        LatencyRecorder handshakes = new LatencyRecorder();
        Map<String, Integer> failures = new TreeMap<>();
        int ready = 0;
        for (BenchSocket s : sockets) {
            if (s.ready.isCompletedExceptionally()) {
                failures.merge(failureOf(s), 1, Integer::sum);
            } else {
                ready++;
                handshakes.record(s.handshakeMicros());
            }
        }
        if (sockets.size() < targets.size()) {
            failures.merge("not started before the connect timeout", targets.size() - sockets.size(), Integer::sum);
        }
        return new Opened(targets.size(), ready, failures, elapsed, handshakes.summary());
    }

    private void awaitReady(long deadline) throws InterruptedException {
        CompletableFuture<?> all = CompletableFuture.allOf(
                sockets.stream().map(s -> s.ready.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
        try {
            all.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            for (BenchSocket s : sockets) {
                if (!s.ready.isDone()) { // a socket already ready was not dropped
                    s.fail("not ready within " + settings.connectTimeout().toSeconds() + " s");
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String failureOf(BenchSocket s) {
        try {
            s.ready.join();
            return "none";
        } catch (RuntimeException e) {
            return BenchSocket.describe(e);
        }
    }

    /** The sockets that became ready. */
    List<BenchSocket> ready() {
        return sockets.stream().filter(s -> s.ready.isDone() && !s.ready.isCompletedExceptionally()).toList();
    }

    Deliveries deliveries() {
        return deliveries;
    }

    /** Ready sockets the server closed since; their reasons, counted. */
    Map<String, Integer> dropped() {
        Map<String, Integer> dropped = new TreeMap<>();
        for (BenchSocket s : ready()) {
            if (s.dropReason() != null) {
                dropped.merge(s.dropReason(), 1, Integer::sum);
            }
        }
        return dropped;
    }

    /** Sends a 1000 close on every socket and waits up to {@code timeoutMillis}; returns how many closed in time. */
    int closeAll(long timeoutMillis) {
        List<Channel> channels = new ArrayList<>();
        for (BenchSocket s : sockets) {
            Channel ch = s.beginClose();
            if (ch != null && ch.isActive()) {
                channels.add(ch);
                ch.writeAndFlush(new CloseWebSocketFrame(1000, "bench done"));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int closed = 0;
        for (Channel ch : channels) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (ch.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
                closed++;
            } else {
                ch.close();
            }
        }
        return closed;
    }

    @Override
    public void close() {
        for (BenchSocket s : sockets) {
            Channel ch = s.beginClose();
            if (ch != null) {
                ch.close();
            }
        }
        client.close();
    }
}
