package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventDispatcher;
import io.daisi.ws.events.RetryAfter;
import io.daisi.ws.observability.LogContext;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the stream through this pod's durable pull consumer and hands every event to the
 * {@link EventDispatcher}, in stream order, from one dedicated thread. Each message is settled
 * when its dispatch completes (on whatever thread, in whatever order): ack on success, a NAK
 * with a growing delay on failure, term once {@code max_deliver} attempts have failed.
 * Messages that are not events are acked and counted, never redelivered.
 *
 * <p>The consumer is created or updated on every (re)bind, so two pods starting at once both
 * succeed, a consumer removed by JetStream (per_pod inactivity) comes back, and a NATS restart
 * resumes from the durable's position.
 */
public final class JetStreamConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JetStreamConsumer.class);

    /** Messages asked for per pull; jnats asks for more when a quarter has been processed. */
    private static final int BATCH = 256;
    /** Pull expiry: an idle pull is renewed this often, and a lost one noticed within ~3 idle heartbeats of half this. */
    private static final Duration PULL_EXPIRY = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(200);
    /** With no message for this long, make sure the consumer still exists (per_pod inactivity removes it). */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(10);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    private static final Duration DRAIN_BUFFERED = Duration.ofSeconds(1);
    /** How long a message returned on stop waits for redelivery: longer than the stop takes to end the pull. */
    static final Duration RETURN_DELAY = Duration.ofSeconds(2);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STREAM_CHECK_TIMEOUT = NatsConnector.REQUEST_TIMEOUT.multipliedBy(3);

    private final NatsConnector connector;
    private final StreamSetup stream;
    private final ConsumerSettings settings;
    private final EventDispatcher dispatcher;
    private final JetStreamMetrics metrics;
    private final InFlight inFlight = new InFlight();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private final ExecutorService settler;
    private volatile boolean running;

    public JetStreamConsumer(NatsConnector connector, StreamSetup stream, NatsConfig nats, AppConfig app, String podId,
                             EventDispatcher dispatcher, JetStreamMetrics metrics) {
        this(connector, stream, ConsumerSettings.of(nats, app, podId), dispatcher, metrics);
    }

    JetStreamConsumer(NatsConnector connector, StreamSetup stream, ConsumerSettings settings,
                      EventDispatcher dispatcher, JetStreamMetrics metrics) {
        this.connector = connector;
        this.stream = stream;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.thread = Thread.ofPlatform().daemon().name("nats-consumer-" + settings.durableName())
                .unstarted(this::run);
        // Dispatches mostly complete on Netty event loops; acks are NATS publishes, so they go here.
        this.settler = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("nats-settle-" + settings.durableName()).factory());
    }

    /** Starts consuming in the background; waits for NATS and the stream as long as needed. */
    public void start() {
        running = true;
        thread.start();
    }

    /** The durable consumer's name: {@code consumer_name}, or {@code consumer_name_podid} in per_pod mode. */
    public String consumerName() {
        return settings.durableName();
    }

    /** Messages dispatched and not yet settled. */
    int inFlight() {
        return inFlight.count();
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops pulling, NAKs messages received but not yet dispatched (so another pod takes them
     * at once), and waits up to {@code timeout} for in-flight dispatches to be settled.
     *
     * @return true if everything dispatched was settled in time
     */
    public boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        running = false;
        stopping.countDown();
        boolean settled = false;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            settled = inFlight.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!settled) {
            log.warn("{} events of consumer {} were still being delivered after {}; JetStream redelivers them "
                    + "after the ack wait", inFlight.count(), settings.durableName(), timeout);
        }
        settler.shutdown();
        return settled;
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                if (!connector.awaitConnected(Duration.ofSeconds(1))) {
                    continue;
                }
                if (stream.refresh().toCompletableFuture().get(STREAM_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        instanceof StreamStatus.NotReady notReady) {
                    throw new NatsUnavailableException(notReady.reason());
                }
                ConsumerContext context = connector.requireConnected().jetStream()
                        .getStreamContext(settings.stream()).createOrUpdateConsumer(settings.configuration());
                if (failures > 0) {
                    log.info("consumer {} on stream {} bound again", settings.durableName(), settings.stream());
                }
                failures = 0;
                consume(context);
            } catch (InterruptedException e) {
                if (running) {
                    Thread.currentThread().interrupt();
                    log.warn("consumer {} interrupted; stopping", settings.durableName());
                }
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                Throwable cause = NatsConnector.unwrap(e);
                if (failures++ == 0) {
                    log.warn("consumer {} on stream {} not consuming: {}; retrying", settings.durableName(),
                            settings.stream(), cause.toString());
                } else {
                    log.debug("consumer {} still not consuming: {}", settings.durableName(), cause.toString());
                }
                pause(retryDelay(failures));
            }
        }
    }

    private void consume(ConsumerContext context) throws Exception {
        ConsumeOptions options = ConsumeOptions.builder().batchSize(BATCH).expiresIn(PULL_EXPIRY.toMillis()).build();
        try (IterableConsumer messages = context.iterate(options)) {
            log.info("consuming stream {} with {} consumer {} (filter {})", settings.stream(),
                    settings.mode().name().toLowerCase(java.util.Locale.ROOT), settings.durableName(),
                    settings.filterSubject());
            long lastActivity = System.nanoTime();
            while (running) {
                Message message = messages.nextMessage(POLL);
                if (message != null) {
                    handle(message);
                    lastActivity = System.nanoTime();
                } else if (System.nanoTime() - lastActivity > IDLE_CHECK.toNanos() && connector.isConnected()) {
                    // throws when the consumer is gone; the loop above then creates it again
                    connector.requireConnected().management().getConsumerInfo(settings.stream(),
                            settings.durableName());
                    lastActivity = System.nanoTime();
                }
            }
            messages.stop();
            nakBuffered(messages);
        }
    }

    private void handle(Message message) {
        long seq = message.metaData().streamSequence();
        switch (StoredEvents.decode(settings.prefix(), message.getSubject(), seq, message.getData(),
                message.getHeaders())) {
            case StoredEvents.Invalid invalid -> {
                log.warn("dropping message {} on {}: not an event ({})", seq, message.getSubject(), invalid.reason());
                metrics.invalid();
                settle(message, () -> message.ack());
            }
            case StoredEvents.Valid valid -> dispatch(message, valid.event());
        }
    }

    private void dispatch(Message message, Event event) {
        metrics.received(event.subject().kind());
        inFlight.begin();
        CompletableFuture<Void> delivered = dispatchSafely(event);
        if (delivered.isDone()) {
            settleDispatched(message, event, delivered);
        } else {
            delivered.whenCompleteAsync((ok, failure) -> settleDispatched(message, event, delivered), this::onSettler);
        }
    }

    private CompletableFuture<Void> dispatchSafely(Event event) {
        try {
            return Objects.requireNonNull(dispatcher.dispatch(event), "dispatch stage").toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void settleDispatched(Message message, Event event, CompletionStage<Void> delivered) {
        try {
            Throwable failure = delivered.toCompletableFuture().handle((ok, f) -> f).join();
            if (failure == null) {
                settle(message, message::ack);
                metrics.acked();
                return;
            }
            long attempt = message.metaData().deliveredCount();
            try (LogContext ctx = LogContext.with("request_id", event.requestId(), "event_id", event.eventId())) {
                if (settings.maxDeliver() > 0 && attempt >= settings.maxDeliver()) {
                    log.warn("event {} (seq {}) dropped: delivery failed {} times, the last with {}", event.eventId(),
                            event.seq(), attempt, NatsConnector.unwrap(failure).toString());
                    settle(message, message::term);
                    metrics.dropped();
                } else {
                    Duration delay = settings.backoff().delayFor(attempt, RetryAfter.of(failure),
                            settings.retryAfterCap());
                    log.debug("event {} (seq {}) NAKed, redelivery in {}: {}", event.eventId(), event.seq(), delay,
                            NatsConnector.unwrap(failure).toString());
                    settle(message, () -> message.nakWithDelay(delay));
                    metrics.nacked();
                }
            }
        } finally {
            inFlight.end();
        }
    }

    /** After a close that timed out the settler is gone; settling inline beats throwing into the dispatcher's thread. */
    private void onSettler(Runnable task) {
        try {
            settler.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Acks and NAKs are NATS publishes; when the connection is gone JetStream redelivers after the ack wait. */
    private static void settle(Message message, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.debug("could not settle message {}: {}", message.getSubject(), e.toString());
        }
    }

    /**
     * Messages already pulled but not dispatched go back, to be redelivered to another pod within
     * {@link #RETURN_DELAY} rather than after the ack wait. Not at once: the pull this consumer
     * stopped can still be open on the server, which would hand a message NAKed at once straight
     * back to it; returned again and again, it used up its {@code max_deliver} in the second this
     * loop runs and was never delivered (FaultInjectionIT, SIGTERM of a pod under load). A message
     * seen twice is left alone: the ack wait brings it back.
     */
    private void nakBuffered(IterableConsumer messages) throws Exception {
        long deadline = System.nanoTime() + DRAIN_BUFFERED.toNanos();
        Set<Long> returnedSeqs = new HashSet<>();
        int returned = 0;
        while (System.nanoTime() < deadline && !messages.isFinished()) {
            Message message = messages.nextMessage(Duration.ofMillis(50));
            if (message == null) {
                break;
            }
            if (returnedSeqs.add(message.metaData().streamSequence())) {
                settle(message, () -> message.nakWithDelay(RETURN_DELAY));
                returned++;
            }
        }
        if (returned > 0) {
            log.info("consumer {} returned {} undispatched messages on stop", settings.durableName(), returned);
        }
    }

    private void pause(Duration delay) {
        try {
            stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration retryDelay(int failures) {
        long millis = 250L << Math.min(failures, 5);
        return Duration.ofMillis(Math.min(millis, MAX_RETRY_DELAY.toMillis()));
    }
}
