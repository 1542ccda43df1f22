package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's one NATS connection. Starting never fails: the first connection is made in the
 * background, retried every {@code reconnect_wait_seconds} while
 * {@code retry_on_failed_connect} is set; once made, jnats reconnects by itself
 * ({@code max_reconnects}, -1 = forever). Blocking JetStream requests run on virtual
 * threads through {@link #call}, never on the caller's thread.
 */
public final class NatsConnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NatsConnector.class);

    /** How long a JetStream API request (stream info, message get, consumer create) may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final String displayUrl;
    private final Options options;
    private final boolean retryOnFailedConnect;
    private final Duration retryDelay;
    private final ExecutorService requests =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("nats-request-", 0).factory());
    private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
    private final Object stateChanged = new Object();
    private final AtomicBoolean up = new AtomicBoolean();
    private final Thread connectThread;
    private volatile JetStreamHandles handles;
    private volatile boolean closed;

    private NatsConnector(NatsConfig config, String podId) {
        this.displayUrl = NatsOptions.displayUrl(config.url());
        this.options = NatsOptions.builder(config, podId)
                .connectionListener(this::connectionEvent)
                .errorListener(new ErrorLog())
                .build();
        this.retryOnFailedConnect = config.retryOnFailedConnect();
        this.retryDelay = config.reconnectWaitSeconds() > 0
                ? Duration.ofSeconds(config.reconnectWaitSeconds()) : DEFAULT_RETRY_DELAY;
        this.connectThread = Thread.ofPlatform().daemon().name("nats-connect").unstarted(this::connectLoop);
    }

    /**
     * Starts connecting to {@code nats.url} in the background and returns at once; the
     * connection is named {@code podId}.
     *
     * @throws io.daisi.ws.config.ConfigException if the URL or the TLS files cannot be used
     */
    public static NatsConnector start(NatsConfig config, String podId) {
        NatsConnector connector = new NatsConnector(config, podId);
        log.info("connecting to NATS at {} in the background", connector.displayUrl);
        connector.connectThread.start();
        return connector;
    }

    /** True while the connection is up (not before the first connect, not while reconnecting). */
    public boolean isConnected() {
        JetStreamHandles h = handles;
        return !closed && h != null && h.connection().getStatus() == Connection.Status.CONNECTED;
    }

    /** The server URL(s) as configured, without credentials. */
    public String displayUrl() {
        return displayUrl;
    }

    /**
     * Closes the connection after draining it (pending acks and publishes are flushed) for at
     * most a few seconds. Close the consumers first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connectThread.interrupt();
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
        requests.shutdown();
        JetStreamHandles h = handles;
        if (h != null) {
            closeDrained(h.connection());
        }
        try {
            if (!requests.awaitTermination(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                requests.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("NATS connection to {} closed", displayUrl);
    }

    /** Runs {@code listener} after the first connect and after every reconnect, off jnats' threads. */
    void onConnected(Runnable listener) {
        connectedListeners.add(listener);
        if (isConnected()) {
            runQuietly(listener);
        }
    }

    /** Waits up to {@code max} for the connection to be up; false if it is not (closed: always after {@code max}). */
    boolean awaitConnected(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (stateChanged) {
            while (!isConnected()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                stateChanged.wait(left);
            }
        }
        return true;
    }

    /** The handles if connected now; else a {@link NatsUnavailableException}. */
    JetStreamHandles requireConnected() {
        JetStreamHandles h = handles;
        if (!isConnected() || h == null) {
            throw new NatsUnavailableException(closed ? "NATS connector is closed" : "NATS at " + displayUrl
                    + " not connected");
        }
        return h;
    }

    /**
     * Runs a blocking JetStream request on a virtual thread. The stage fails with
     * {@link NatsUnavailableException} when not connected or on a timeout or I/O failure, and
     * with the {@link JetStreamApiException} itself when JetStream answers with an error.
     */
    <T> CompletableFuture<T> call(JetStreamCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            requests.execute(() -> {
                try {
                    result.complete(call.call(requireConnected()));
                } catch (IOException e) {
                    result.completeExceptionally(new NatsUnavailableException(
                            "NATS request failed: " + NatsOptions.redact(e.toString()), e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(new NatsUnavailableException("interrupted", e));
                } catch (JetStreamApiException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new NatsUnavailableException("NATS connector is closed"));
        }
        return result;
    }

    /** The failure inside a stage's {@link CompletionException} or {@link ExecutionException} wrapper. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void connectLoop() {
        boolean reported = false;
        while (!closed) {
            try {
                Connection connection = Nats.connect(options);
                connected(connection);
                return;
            } catch (IOException e) {
                if (!reported) {
                    reported = true;
                    log.warn("NATS at {} not reachable ({}); {}", displayUrl, NatsOptions.redact(e.getMessage()),
                            retryOnFailedConnect
                            ? "retrying every " + retryDelay.toSeconds() + "s in the background"
                            : "not retrying: nats.retry_on_failed_connect is false");
                } else {
                    log.debug("NATS at {} still not reachable: {}", displayUrl, NatsOptions.redact(e.getMessage()));
                }
                if (!retryOnFailedConnect) {
                    return;
                }
                try {
                    Thread.sleep(retryDelay);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void connected(Connection connection) throws IOException, InterruptedException {
        if (closed) {
            connection.close();
            return;
        }
        JetStreamOptions jsOptions = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build();
        handles = new JetStreamHandles(connection, connection.jetStream(jsOptions),
                connection.jetStreamManagement(jsOptions));
        up.set(true);
        log.info("NATS connection to {} established (server {})", displayUrl,
                connection.getServerInfo().getVersion());
        stateChangedNow();
    }

    private void connectionEvent(Connection connection, ConnectionListener.Events event) {
        JetStreamHandles h = handles;
        if (h == null || h.connection() != connection) {
            return; // an attempt of the connect loop, reported there
        }
        switch (event) {
            case DISCONNECTED -> {
                if (up.compareAndSet(true, false) && !closed) {
                    log.warn("NATS connection to {} lost; reconnecting", displayUrl);
                }
            }
            case RECONNECTED -> {
                if (up.compareAndSet(false, true)) {
                    log.info("NATS connection to {} re-established", displayUrl);
                }
                stateChangedNow();
            }
            case CLOSED -> {
                if (!closed) {
                    log.error("NATS connection to {} closed after the configured reconnect attempts "
                            + "(nats.max_reconnects); this pod no longer consumes events", displayUrl);
                }
            }
            default -> {
            }
        }
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
    }

    private void stateChangedNow() {
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
        connectedListeners.forEach(this::runQuietly);
    }

    private void runQuietly(Runnable listener) {
        try {
            requests.execute(() -> {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.warn("NATS connect listener failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void closeDrained(Connection connection) {
        try {
            if (connection.getStatus() == Connection.Status.CONNECTED) {
                connection.drain(DRAIN_TIMEOUT).get(DRAIN_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("NATS drain did not finish: {}", e.toString());
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * jnats' error callbacks, logged through SLF4J. During an outage the same error repeats on
     * every attempt, so these are DEBUG except what points at a defect or a misconfiguration.
     */
    private static final class ErrorLog implements ErrorListener {
        private final java.util.concurrent.atomic.AtomicReference<String> last =
                new java.util.concurrent.atomic.AtomicReference<>("");

        @Override
        public void errorOccurred(Connection conn, String error) {
            String text = String.valueOf(error);
            if (!text.equals(last.getAndSet(text))) {
                log.warn("NATS server error: {}", text);
            } else {
                log.debug("NATS server error again: {}", text);
            }
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            log.debug("NATS connection exception: {}", NatsOptions.redact(exp.toString()));
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            log.warn("NATS slow consumer: messages are being dropped by the client");
        }
    }

    @Override
    public String toString() {
        return "NatsConnector[" + displayUrl + "]";
    }
}
