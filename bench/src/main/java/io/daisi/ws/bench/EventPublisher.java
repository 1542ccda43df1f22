package io.daisi.ws.bench;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@code chats} events through {@code POST /dev/events}: event {@code i} is due when
 * a {@link PublishSchedule} says and goes out on publisher thread {@code i % publishers}, each
 * sending one request at a time. Each event carries its
 * index and its send time ({@code row_data.i}, {@code row_data.sent_at_us}) and is
 * padded to about {@code payloadBytes} of event JSON.
 */
final class EventPublisher {
    private final Http http;
    private final URI endpoint;
    private final String adminKey;
    private final String subject;
    private final String eventIdPrefix;
    private final int payloadBytes;

    EventPublisher(Http http, Gateway gateway, String adminKey, String subject, String eventIdPrefix,
                   int payloadBytes) {
        this.http = http;
        this.endpoint = gateway.http("/dev/events");
        this.adminKey = adminKey;
        this.subject = subject;
        this.eventIdPrefix = eventIdPrefix;
        this.payloadBytes = payloadBytes;
    }

    /** How publishing went. {@code elapsedNanos}: from the first send to the last answer. */
    record Published(int accepted, Map<String, Integer> failures, long startMicros, long elapsedNanos,
                     Percentiles roundTrip) {
        double perSecond() {
            return elapsedNanos == 0 ? 0 : accepted * 1e9 / elapsedNanos;
        }
    }

    Published publish(int events, PublishSchedule schedule, int publishers) throws InterruptedException {
        AtomicInteger accepted = new AtomicInteger();
        Map<String, Integer> failures = new TreeMap<>();
        LatencyRecorder roundTrip = new LatencyRecorder();
        long startMicros = Micros.now();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int first = p;
            threads.add(Thread.ofVirtual().name("publisher-" + p).start(() -> {
                for (int i = first; i < events; i += publishers) {
                    LockSupport.parkNanos(start + schedule.offsetNanos(i) - System.nanoTime());
                    long sent = System.nanoTime();
                    String failure = send(i);
                    roundTrip.record((System.nanoTime() - sent) / 1_000);
                    if (failure == null) {
                        accepted.incrementAndGet();
                    } else {
                        synchronized (failures) {
                            failures.merge(failure, 1, Integer::sum);
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Published(accepted.get(), failures, startMicros, System.nanoTime() - start, roundTrip.summary());
    }

    /** Null when the gateway accepted the event, else why not. */
    private String send(int i) {
        try {
            HttpResponse<String> r = http.postNow(endpoint, adminKey, body(i, Micros.now()));
            Http.expectStatus(r, 202);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return BenchSocket.describe(e);
        }
    }

    /** The /dev/events body of event {@code i}; its "event" object is about {@code payloadBytes} long. */
    String body(int i, long sentAtUs) {
        String event = event(i, sentAtUs, "");
        String pad = "x".repeat(Math.max(0, payloadBytes - event.length()));
        return "{\"subject\":\"" + subject + "\",\"event\":" + event(i, sentAtUs, pad) + "}";
    }

    private String event(int i, long sentAtUs, String pad) {
        return "{\"event_id\":\"" + eventIdPrefix + i + "\",\"row_data\":{\"i\":" + i
                + ",\"sent_at_us\":" + sentAtUs + ",\"pad\":\"" + pad + "\"}}";
    }
}
