package io.daisi.ws.transport;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.observability.LogContext;
import io.daisi.ws.observability.Metrics;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.ServerFrames;
import io.daisi.ws.routing.Subscriber;
import io.daisi.ws.session.SessionHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established socket: its identity, its bounded send queue and its close.
 * Every mutation runs on the channel's event loop; {@link #deliver} may be
 * called from any thread and hops onto the loop. Events queued before
 * {@link #markReady} are held, so nothing reaches the client before "ready".
 */
public final class ClientConnection implements Subscriber, SessionHolder {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    /** How long to wait for the client's close frame before dropping the TCP connection. */
    private static final long CLOSE_HANDSHAKE_MILLIS = 2_000;

    /** Live events a socket may accumulate while its replay is fetched before it counts as too slow. */
    private static final int MAX_HELD_DURING_REPLAY = 10_000;

    private enum State { OPEN, CLOSING, CLOSED }

    private final Channel channel;
    private final ConnectionIdentity identity;
    private final String requestId;
    private final ConnectionSettings settings;
    private final Metrics metrics;
    private final SendQueue queue;
    private final long openedAtNanos = System.nanoTime();
    private State state = State.OPEN;
    private volatile boolean upgraded;
    private boolean ready;
    private boolean flushScheduled;
    private List<Event> heldDuringReplay;

    // Read by the supervisor thread, written on the event loop.
    private volatile long lastReadNanos = System.nanoTime();
    private volatile long lastPingNanos;
    private volatile long unwritableSinceNanos;
    private volatile long overCapacitySinceNanos;
    private volatile int queued;
    // Read by the renewal loop (adaptive TTL); wall-clock millis, 0 = never.
    private volatile long lastDeliveryMillis;

    ClientConnection(Channel channel, ConnectionIdentity identity, String requestId, ConnectionSettings settings,
                     Metrics metrics) {
        this.channel = channel;
        this.identity = identity;
        this.requestId = requestId;
        this.settings = settings;
        this.metrics = metrics;
        this.queue = new SendQueue(settings.bufferSize(), settings.policy());
    }

    ConnectionIdentity identity() {
        return identity;
    }

    /** MDC fields for log lines about this socket: its request id and identity. */
    String[] logFields() {
        String[] id = identity.logFields();
        String[] all = java.util.Arrays.copyOf(id, id.length + 2);
        all[id.length] = "request_id";
        all[id.length + 1] = requestId;
        return all;
    }

    ConnectionSettings settings() {
        return settings;
    }

    Channel channel() {
        return channel;
    }

    long openedAtNanos() {
        return openedAtNanos;
    }

    /**
     * Always through the loop's FIFO task queue, even when called on the loop itself:
     * a direct enqueue would overtake earlier events still waiting there as tasks.
     */
    @Override
    public void deliver(Event event) {
        channel.eventLoop().execute(() -> accept(event));
    }

    /**
     * Recovery (SPEC §6): from now on live events are held until {@link #finishReplay}, so the
     * stored events fetched meanwhile and the live ones join without a gap. Call it before the
     * socket starts receiving the subjects the replay covers.
     */
    void beginReplay() {
        runOnLoop(() -> {
            if (heldDuringReplay == null) {
                heldDuringReplay = new ArrayList<>();
            }
        });
    }

    /**
     * Sends the replayed events in order and then {@code notice} (RecoveryTooLarge when there
     * was too much to replay), then releases the held live events, minus those the replay already carried: a held
     * event of a covered subject with a sequence up to the last replayed one.
     */
    void finishReplay(List<Event> replayed, Optional<ErrorBody> notice, Predicate<EventSubject> covered) {
        runOnLoop(() -> {
            List<Event> held = heldDuringReplay == null ? List.of() : heldDuringReplay;
            heldDuringReplay = null;
            if (state != State.OPEN) {
                return;
            }
            long last = 0;
            for (Event event : replayed) {
                channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(event.frame())), channel.voidPromise());
                metrics.messagesSent.labelValues("event").inc();
                last = Math.max(last, event.seq());
            }
            if (notice.isPresent()) {
                channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.error(notice.get()))),
                        channel.voidPromise());
                metrics.messagesSent.labelValues("error").inc();
            }
            channel.flush();
            for (Event event : held) {
                boolean replayedAlready = event.seq() != 0 && event.seq() <= last && covered.test(event.subject());
                if (!replayedAlready) {
                    accept(event);
                }
            }
        });
    }

    private void accept(Event event) {
        if (heldDuringReplay != null) {
            if (heldDuringReplay.size() >= MAX_HELD_DURING_REPLAY) {
                metrics.messagesDropped.labelValues("slow_consumer").inc();
                abort(1008, "too many events during recovery");
                return;
            }
            heldDuringReplay.add(event);
            return;
        }
        enqueue(new Outbound(event.frame(), event.receivedAtNanos()));
    }

    /** A newer connection took this session over: SessionConflict, close 4402. */
    @Override
    public void sessionTakenOver() {
        runOnLoop(() -> {
            try (LogContext ignored = LogContext.with(logFields())) {
                log.info("session taken over by a newer connection; closing with 4402");
            }
            closeWith(ErrorBody.of(ErrorCode.SESSION_CONFLICT, "Session taken over by a newer connection"));
        });
    }

    @Override
    public Optional<Instant> lastDeliveryAt() {
        long at = lastDeliveryMillis;
        return at == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    /** Writes "ready" and then whatever was queued before it. */
    void markReady() {
        runOnLoop(() -> {
            if (state != State.OPEN || ready) {
                return;
            }
            ready = true;
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.ready())), channel.voidPromise());
            metrics.messagesSent.labelValues("ready").inc();
            drain();
            channel.flush();
        });
    }

    /** Sends an error message outside the queue (answers to client frames). */
    void sendError(ErrorBody error) {
        runOnLoop(() -> {
            if (state != State.OPEN) {
                return;
            }
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.error(error))),
                    channel.voidPromise());
            metrics.messagesSent.labelValues("error").inc();
        });
    }

    /** Sends an {@code error} message, then closes with the code's close code. */
    void closeWith(ErrorBody error) {
        runOnLoop(() -> {
            if (state != State.OPEN) {
                return;
            }
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(ServerFrames.error(error))),
                    channel.voidPromise());
            metrics.messagesSent.labelValues("error").inc();
            close(error.code().closeCode(), error.message());
        });
    }

    /** Starts the closing handshake with {@code code}; the TCP connection ends when the client answers or after a grace period. */
    void close(int code, String reason) {
        runOnLoop(() -> {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            queue.clear();
            queued = 0;
            metrics.closes.labelValues(Integer.toString(code)).inc();
            channel.writeAndFlush(new CloseWebSocketFrame(code, truncateReason(reason)));
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Drops the connection without a closing handshake (slow consumers, dead peers).
     * The reset (SO_LINGER 0) discards what the kernel still buffers for a client that
     * is not reading, instead of trickling megabytes to it after the close.
     */
    void abort(int code, String reason) {
        runOnLoop(() -> {
            if (state == State.OPEN) {
                metrics.closes.labelValues(Integer.toString(code)).inc();
            }
            state = State.CLOSING;
            queue.clear();
            queued = 0;
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // not supported by this transport: a normal close still ends the connection
            }
            channel.close();
        });
    }

    /** The client answered our close, or closed first. */
    void onClientClose(CloseWebSocketFrame frame) {
        if (state == State.OPEN) {
            state = State.CLOSING;
            channel.writeAndFlush(new CloseWebSocketFrame(frame.statusCode() == -1 ? 1000 : frame.statusCode(), ""))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** The WebSocket handshake completed: control frames and supervision apply from now on. */
    void markUpgraded() {
        upgraded = true;
        lastReadNanos = System.nanoTime();
    }

    boolean isUpgraded() {
        return upgraded;
    }

    void onChannelClosed() {
        state = State.CLOSED;
        queue.clear();
        queued = 0;
    }

    void onRead() {
        lastReadNanos = System.nanoTime();
    }

    void onWritabilityChanged() {
        if (channel.isWritable()) {
            unwritableSinceNanos = 0;
            drain();
        } else if (unwritableSinceNanos == 0) {
            unwritableSinceNanos = System.nanoTime();
        }
    }

    void ping() {
        runOnLoop(() -> {
            if (state == State.OPEN) {
                lastPingNanos = System.nanoTime();
                channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
            }
        });
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    long unwritableSinceNanos() {
        return unwritableSinceNanos;
    }

    long overCapacitySinceNanos() {
        return overCapacitySinceNanos;
    }

    int queuedCount() {
        return queued;
    }

    private void enqueue(Outbound frame) {
        if (state != State.OPEN) {
            return;
        }
        switch (queue.offer(frame)) {
            case ACCEPTED -> { }
            case DROPPED_OLDEST -> metrics.messagesDropped.labelValues("buffer_full").inc();
            case OVER_CAPACITY -> {
                if (overCapacitySinceNanos == 0) {
                    overCapacitySinceNanos = System.nanoTime();
                }
            }
            case HARD_LIMIT -> {
                metrics.messagesDropped.labelValues("slow_consumer").inc();
                metrics.slowClientsDisconnected.inc();
                abort(1008, "slow consumer");
                return;
            }
        }
        queued = queue.size();
        lastDeliveryMillis = System.currentTimeMillis();
        if (ready && !flushScheduled) {
            // Coalesce a burst of deliveries into one drain and one flush.
            flushScheduled = true;
            channel.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        flushScheduled = false;
        if (state != State.OPEN || !ready) {
            return;
        }
        boolean wrote = false;
        long now = 0;
        while (channel.isWritable()) {
            Optional<Outbound> next = queue.poll();
            if (next.isEmpty()) {
                break;
            }
            Outbound frame = next.get();
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.frame())), channel.voidPromise());
            wrote = true;
            if (frame.receivedAtNanos() != 0) {
                if (now == 0) {
                    now = System.nanoTime();
                }
                metrics.deliveryLatency.observe((now - frame.receivedAtNanos()) / 1e9);
                metrics.messagesSent.labelValues("event").inc();
            }
        }
        if (wrote) {
            channel.flush();
        }
        queued = queue.size();
        if (!queue.overCapacity()) {
            overCapacitySinceNanos = 0;
        }
        if (!channel.isWritable() && unwritableSinceNanos == 0) {
            unwritableSinceNanos = System.nanoTime();
        }
    }

    private void runOnLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    private static String truncateReason(String reason) {
        // A close frame's reason must fit in 123 bytes of UTF-8.
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }
}
