package io.daisi.ws.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A steady stream of sequence-numbered events published to JetStream at a fixed rate, and the
 * sockets that should receive them, each counting what it got (SPEC §6 "Who receives what").
 * An event is "lost" for a socket when JetStream acknowledged its publish, the socket should
 * have received it, and it never did — over every connection of that socket: a socket that is
 * closed reconnects (when asked to) with {@code since}, as the client library does, and what
 * the replay brings counts.
 *
 * <p>The {@code since} a reconnecting socket passes is, as the client library does, the latest
 * {@code position} the server sent it (SPEC §4), over all its connections so far; before any,
 * the highest stream sequence up to which it holds every event of its subject (the harness can
 * compute that because it knows what was published). Scenarios that need other subscriptions
 * or another reconnect policy can add them here.
 */
public final class FaultRun implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_IN_FLIGHT = 2_000;
    /** Behind schedule by more than this (an outage), the publisher skips ahead rather than bursting. */
    private static final long MAX_LAG_NANOS = Duration.ofSeconds(1).toNanos();

    private final String natsUrl;
    private final String prefix;
    private final int eventsPerSecond;
    private final String padding;
    private final Map<String, NavigableSet<Long>> publishedBySubject = new ConcurrentHashMap<>();
    private final Map<Long, Long> publishedAtNanos = new ConcurrentHashMap<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private final AtomicLong failedPublishes = new AtomicLong();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread poller;
    private Thread publisher;

    public FaultRun(String natsUrl, String prefix, int eventsPerSecond) {
        this(natsUrl, prefix, eventsPerSecond, 0);
    }

    /** {@code padBytes}: each event's {@code row_data} carries that much filler (big events fill slow sockets). */
    public FaultRun(String natsUrl, String prefix, int eventsPerSecond, int padBytes) {
        this.natsUrl = natsUrl;
        this.prefix = prefix;
        this.eventsPerSecond = eventsPerSecond;
        this.padding = padBytes > 0 ? ",\"pad\":\"" + "p".repeat(padBytes) + "\"" : "";
        this.poller = Thread.ofPlatform().daemon().name("fault-run-poller").start(this::pollLoop);
    }

    /** The {@code chats} subject of company/agent. */
    public String chatsSubject(String company, String agent) {
        return prefix + "." + company + "." + agent + ".chats";
    }

    /**
     * Opens a user socket for {@code user} of company/agent on {@code home} and waits for
     * {@code ready}. With {@code reconnect}, a close makes it connect again — to whatever
     * {@code home} then supplies — with {@code since}.
     */
    public Subscriber subscribe(String user, String company, String agent, Supplier<PodProcess> home,
                                boolean reconnect) {
        String subject = chatsSubject(company, agent);
        if (!subjects.contains(subject)) {
            subjects.add(subject);
        }
        publishedBySubject.computeIfAbsent(subject, s -> new ConcurrentSkipListSet<>());
        Subscriber subscriber = new Subscriber(user, company, agent, subject, home, reconnect);
        subscriber.connect(-1);
        subscriber.awaitReady(Duration.ofSeconds(20));
        subscribers.add(subscriber);
        return subscriber;
    }

    /** Starts publishing, round robin over the subscribed subjects, at the configured rate. */
    public void startPublishing() {
        publishing.set(true);
        publisher = Thread.ofPlatform().daemon().name("fault-run-publisher").start(this::publishLoop);
    }

    /** Stops publishing and waits for the acks still outstanding. */
    public void stopPublishing() {
        publishing.set(false);
        if (publisher != null) {
            try {
                publisher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public long published() {
        return publishedAtNanos.size();
    }

    public long failedPublishes() {
        return failedPublishes.get();
    }

    public List<Subscriber> subscribers() {
        return List.copyOf(subscribers);
    }

    /** Seqs of {@code subject} published between the two instants of {@link System#nanoTime()}. */
    public List<Long> publishedBetween(String subject, long fromNanos, long toNanos) {
        List<Long> out = new ArrayList<>();
        for (long seq : publishedBySubject.getOrDefault(subject, new ConcurrentSkipListSet<>())) {
            long at = publishedAtNanos.getOrDefault(seq, Long.MIN_VALUE);
            if (at >= fromNanos && at <= toNanos) {
                out.add(seq);
            }
        }
        return out;
    }

    /** Waits (bounded) until no subscriber misses anything, then reports; the report says what is still missing. */
    public Result awaitDelivered(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline && subscribers.stream().anyMatch(s -> s.missing().size() > 0)) {
            sleep(Duration.ofMillis(200));
        }
        return result();
    }

    public Result result() {
        List<SocketResult> sockets = new ArrayList<>();
        for (Subscriber s : subscribers) {
            List<Long> missing = s.missing();
            sockets.add(new SocketResult(s.user, s.homePod(), s.expected().size(), s.received.size(),
                    missing.size(), s.duplicates.get(), List.copyOf(s.closeCodes), s.connections.get() - 1,
                    List.copyOf(missing.subList(0, Math.min(10, missing.size()))), s.latestPosition));
        }
        return new Result(published(), failedPublishes(), sockets);
    }

    /**
     * What one socket should have had and got. {@code lostSeqs}: the first ten sequences it never
     * got; {@code lastPosition}: the last {@code position} it was sent (a lost sequence at or below
     * it was skipped by the pod, not merely late).
     */
    public record SocketResult(String user, String pod, int expected, int received, int lost, int duplicates,
                               List<Integer> closeCodes, int reconnects, List<Long> lostSeqs, long lastPosition) {
    }

    public record Result(long published, long failedPublishes, List<SocketResult> sockets) {
        public int lost() {
            return sockets.stream().mapToInt(SocketResult::lost).sum();
        }

        public int lostOn(Set<String> pods) {
            return sockets.stream().filter(s -> pods.contains(s.pod())).mapToInt(SocketResult::lost).sum();
        }

        public int duplicates() {
            return sockets.stream().mapToInt(SocketResult::duplicates).sum();
        }
    }

    /** One user socket across its reconnects. */
    public final class Subscriber {
        private final String user;
        private final String company;
        private final String agent;
        private final String subject;
        private final Supplier<PodProcess> home;
        private final boolean reconnect;
        private final Set<Long> received = ConcurrentHashMap.newKeySet();
        private final AtomicInteger duplicates = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private volatile TestSocket socket;
        private volatile String connectedTo;
        private volatile boolean ready;
        private volatile boolean reconnecting;
        private volatile long latestPosition = -1;

        private Subscriber(String user, String company, String agent, String subject, Supplier<PodProcess> home,
                           boolean reconnect) {
            this.user = user;
            this.company = company;
            this.agent = agent;
            this.subject = subject;
            this.home = home;
            this.reconnect = reconnect;
        }

        public String user() {
            return user;
        }

        public String subject() {
            return subject;
        }

        /** The pod of the current (or last) connection. */
        public String homePod() {
            return connectedTo;
        }

        public boolean isOpen() {
            TestSocket s = socket;
            return s != null && !s.isClosed();
        }

        public List<Integer> closeCodes() {
            return List.copyOf(closeCodes);
        }

        public List<String> errors() {
            return List.copyOf(errors);
        }

        public boolean hasReceived(long seq) {
            return received.contains(seq);
        }

        NavigableSet<Long> expected() {
            return publishedBySubject.get(subject);
        }

        List<Long> missing() {
            List<Long> out = new ArrayList<>();
            for (long seq : expected()) {
                if (!received.contains(seq)) {
                    out.add(seq);
                }
            }
            return out;
        }

        /** The highest published seq up to which every published event of the subject was received. */
        long safeSince() {
            long since = -1;
            for (long seq : expected()) {
                if (!received.contains(seq)) {
                    return since < 0 ? seq - 1 : since;
                }
                since = seq;
            }
            return since;
        }

        private void connect(long since) {
            PodProcess pod = home.get();
            String token = pod.userToken(company, agent, user);
            ready = false;
            socket = TestSocket.connect(pod.userUrl(company, agent, token, since), Map.of(), "json.v1");
            connectedTo = pod.podId();
            connections.incrementAndGet();
        }

        private void awaitReady(Duration atMost) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!ready) {
                poll();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("socket " + user + " not ready within " + atMost + "; errors " + errors);
                }
                sleep(Duration.ofMillis(20));
            }
        }

        private void poll() {
            TestSocket s = socket;
            if (s == null) {
                return;
            }
            // closed before the drain: every frame it got is in the queue now
            boolean wasClosed = s.isClosed();
            if (s.latestPosition() >= 0) {
                latestPosition = s.latestPosition();
            }
            for (JsonNode frame : s.drain()) {
                switch (frame.path("type").asText()) {
                    case "event" -> {
                        if (!received.add(frame.path("seq").asLong())) {
                            duplicates.incrementAndGet();
                        }
                    }
                    case "ready" -> ready = true;
                    case "error" -> errors.add(frame.path("payload").toString());
                    default -> {
                        // position and other messages carry nothing to count here
                    }
                }
            }
            if (wasClosed && !reconnecting && s == socket) {
                closeCodes.add(s.awaitClose(Duration.ofSeconds(1)).code());
                if (reconnect && !closed.get()) {
                    reconnecting = true;
                    Thread.ofVirtual().name("fault-run-reconnect-" + user).start(this::reconnectLoop);
                } else {
                    socket = null;
                }
            }
        }

        private void reconnectLoop() {
            try {
                while (!closed.get()) {
                    try {
                        connect(latestPosition >= 0 ? latestPosition : safeSince());
                        return;
                    } catch (RuntimeException | AssertionError e) {
                        errors.add("reconnect failed: " + e.getMessage());
                        sleep(Duration.ofMillis(500));
                    }
                }
            } finally {
                reconnecting = false;
            }
        }
    }

    private void pollLoop() {
        while (!closed.get()) {
            for (Subscriber s : subscribers) {
                try {
                    s.poll();
                } catch (RuntimeException e) {
                    s.errors.add("poll: " + e);
                }
            }
            sleep(POLL);
        }
    }

    private void publishLoop() {
        Options options = new Options.Builder().server(natsUrl).maxReconnects(-1)
                .errorListener(new io.nats.client.ErrorListener() { }) // outages are the point: no console noise
                .reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(2)).build();
        Connection connection = null;
        try {
            long period = 1_000_000_000L / eventsPerSecond;
            long next = System.nanoTime();
            int n = 0;
            while (publishing.get()) {
                if (connection == null) {
                    try {
                        connection = Nats.connect(options);
                    } catch (Exception e) {
                        failedPublishes.incrementAndGet();
                        sleep(Duration.ofMillis(250));
                        continue;
                    }
                }
                long now = System.nanoTime();
                if (now < next) {
                    sleep(Duration.ofNanos(next - now));
                    continue;
                }
                next = now - next > MAX_LAG_NANOS ? now + period : next + period;
                String subject = subjects.get(n % subjects.size());
                n++;
                publish(connection.jetStream(), subject, n);
            }
        } catch (Exception e) {
            failedPublishes.incrementAndGet();
        } finally {
            if (connection != null) {
                try {
                    // the acks still outstanding decide which events count as published
                    if (inFlight.tryAcquire(MAX_IN_FLIGHT, PUBLISH_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                        inFlight.release(MAX_IN_FLIGHT);
                    }
                    connection.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Publishes without waiting for the ack (a synchronous publish per event cannot keep 200/s on a
     * loaded machine), at most {@link #MAX_IN_FLIGHT} unacknowledged. An event counts as published
     * when JetStream acknowledged it; while NATS is down publishes fail or time out and are not
     * expected — an event whose ack was lost may still arrive, and a socket loses nothing by it.
     */
    private void publish(JetStream js, String subject, int n) {
        String[] parts = subject.split("\\.");
        String json = "{\"event_id\":\"" + subject + "#" + n + "\",\"event_time\":\"2030-01-01T00:00:00Z\","
                + "\"company_id\":\"" + parts[1] + "\",\"agent_id\":\"" + parts[2] + "\",\"row_data\":{\"n\":" + n + padding + "}}";
        if (!inFlight.tryAcquire()) {
            failedPublishes.incrementAndGet();
            return;
        }
        CompletableFuture<PublishAck> ack;
        try {
            ack = js.publishAsync(subject, json.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            inFlight.release();
            failedPublishes.incrementAndGet();
            return;
        }
        ack.orTimeout(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((published, failure) -> {
            inFlight.release();
            if (failure != null) {
                failedPublishes.incrementAndGet();
                return;
            }
            publishedAtNanos.put(published.getSeqno(), System.nanoTime());
            publishedBySubject.get(subject).add(published.getSeqno());
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per-scenario summary for the reliability report. */
    public Map<String, Object> summary() {
        Result r = result();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("published", r.published());
        out.put("failed_publishes", r.failedPublishes());
        out.put("sockets", r.sockets().size());
        out.put("lost", r.lost());
        out.put("duplicates", r.duplicates());
        out.put("reconnects", r.sockets().stream().mapToInt(SocketResult::reconnects).sum());
        return out;
    }

    @Override
    public void close() {
        stopPublishing();
        closed.set(true);
        try {
            poller.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Subscriber s : subscribers) {
            TestSocket socket = s.socket;
            if (socket != null) {
                socket.close();
            }
        }
    }
}
