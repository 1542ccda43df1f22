package io.daisi.ws.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes events straight to JetStream (jnats), the way production events arrive, each when a
 * {@link PublishSchedule} has it due, its subject from an {@link EventMix}.
 * Each carries {@code row_data.i} and {@code row_data.sent_at_us} (epoch µs taken just before the
 * publish), padded to about {@code payloadBytes}. Publishes are asynchronous with at most
 * {@link #MAX_UNACKED} awaiting JetStream's ack, so a slow server shows as a lower achieved rate.
 */
final class JetStreamEventPublisher implements AutoCloseable {
    static final int MAX_UNACKED = 20_000;

    private final Connection connection;
    private final JetStream js;
    private final String prefix;
    private final String company;
    private final String eventIdPrefix;
    private final int payloadBytes;
    private final EventMix mix;

    JetStreamEventPublisher(String natsUrl, String prefix, String company, String eventIdPrefix, int payloadBytes,
                            EventMix mix) throws Exception {
        if (!natsUrl.startsWith("nats://127.") && !natsUrl.startsWith("nats://localhost")) {
            throw new UsageException("--nats must be a loopback nats://127.x.y.z:port URL, not " + natsUrl);
        }
        this.connection = Nats.connect(new Options.Builder().server(natsUrl).connectionTimeout(Duration.ofSeconds(5))
                .maxMessagesInOutgoingQueue(MAX_UNACKED * 2).build());
        this.js = connection.jetStream();
        this.prefix = prefix;
        this.company = company;
        this.eventIdPrefix = eventIdPrefix;
        this.payloadBytes = payloadBytes;
        this.mix = mix;
    }

    /** How publishing went; {@code elapsedNanos} from the first publish to the last ack. */
    record Published(int acked, Map<String, Integer> failures, long startMicros, long elapsedNanos) {
        double perSecond() {
            return elapsedNanos == 0 ? 0 : acked * 1e9 / elapsedNanos;
        }
    }

    static String company(String company, int pair) {
        return company + "p" + pair;
    }

    static String agent(int pair) {
        return "a" + pair;
    }

    /** {@code events} in all, each when {@code schedule} has it due. */
    Published publish(int events, PublishSchedule schedule) throws InterruptedException {
        Semaphore unacked = new Semaphore(MAX_UNACKED);
        AtomicInteger acked = new AtomicInteger();
        Map<String, Integer> failures = new TreeMap<>();
        long startMicros = Micros.now();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            LockSupport.parkNanos(start + schedule.offsetNanos(i) - System.nanoTime());
            unacked.acquire();
            EventMix.Route route = mix.route(i);
            try {
                js.publishAsync(subject(route), event(i, route, Micros.now()).getBytes(StandardCharsets.UTF_8))
                        .whenComplete((ack, e) -> {
                            // counted before the permit goes back: the final tryAcquire then sees every count
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                synchronized (failures) {
                                    failures.merge(BenchSocket.describe(e), 1, Integer::sum);
                                }
                            }
                            unacked.release();
                        });
            } catch (RuntimeException e) {
                unacked.release();
                synchronized (failures) {
                    failures.merge(BenchSocket.describe(e), 1, Integer::sum);
                }
            }
        }
        if (!unacked.tryAcquire(MAX_UNACKED, 30, TimeUnit.SECONDS)) {
            synchronized (failures) {
                failures.merge("no ack within 30 s", MAX_UNACKED - unacked.availablePermits(), Integer::sum);
            }
        }
        return new Published(acked.get(), failures, startMicros, System.nanoTime() - start);
    }

    String subject(EventMix.Route route) {
        return subject(prefix, company, route);
    }

    static String subject(String prefix, String company, EventMix.Route route) {
        String base = prefix + "." + company(company, route.pair()) + "." + agent(route.pair());
        return switch (route.kind()) {
            case CHATS -> base + ".chats";
            case MESSAGES -> base + ".messages." + route.chat();
            case AGENTS -> base + ".agents";
        };
    }

    /** The event JSON; {@code row_data} opens with {@code i} and {@code sent_at_us}, which the frame scanner reads. */
    String event(int i, EventMix.Route route, long sentAtUs) {
        return event(company, eventIdPrefix, payloadBytes, i, route, sentAtUs);
    }

    static String event(String company, String eventIdPrefix, int payloadBytes, int i, EventMix.Route route,
                        long sentAtUs) {
        String head = "{\"event_id\":\"" + eventIdPrefix + i + "\",\"company_id\":\"" + company(company, route.pair())
                + "\",\"agent_id\":\"" + agent(route.pair()) + "\""
                + (route.chat().isEmpty() ? "" : ",\"chat_id\":\"" + route.chat() + "\"")
                + ",\"row_data\":{\"i\":" + i + ",\"sent_at_us\":" + sentAtUs + ",\"pad\":\"";
        String tail = "\"}}";
        return head + "x".repeat(Math.max(0, payloadBytes - head.length() - tail.length())) + tail;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
