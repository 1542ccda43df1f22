package io.daisi.ws.transport;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.observability.LogContext;
import io.daisi.ws.observability.RequestIds;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.ServerFrames;
import io.daisi.ws.routing.Subscriber;
import io.daisi.ws.session.SessionHolder;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established socket: its identity, and the two halves of its delivery — the
 * {@link SocketWriter} (queue, drain, the one place frames are written) and the
 * {@link StreamPosition} (safe resume point, replay and catch-up). Every mutation runs on the
 * channel's event loop; the public methods may be called from any thread and hop onto it.
 */
public final class ClientConnection implements Subscriber, SessionHolder, StreamPosition.SlowConsumerClose {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Channel channel;
    private final ConnectionIdentity identity;
    // The request id: a generated one (RequestIds.generate) as its two halves, any other as
    // given (null when generated). Every open socket holds it; only log lines need its text.
    private final String givenRequestId;
    private final long requestIdHigh;
    private final long requestIdLow;
    private final ConnectionSettings settings;
    private final SocketMetrics metrics;
    private final Clock clock;
    private final SocketWriter writer;
    private final StreamPosition position;
    private final long openedAtNanos = System.nanoTime();
    private volatile boolean upgraded;

    // Read by the supervisor thread, written on the event loop.
    private volatile long lastReadNanos = System.nanoTime();
    private volatile long lastPingNanos;
    // Read by the renewal loop (adaptive TTL); clock millis, 0 = never.
    private volatile long lastDeliveryMillis;

    /**
     * @param subscriptions the socket's current subscriptions, for reading the history
     * @param maxCatchUp    {@code app.recovery_max_events}
     */
    ClientConnection(Channel channel, ConnectionIdentity identity, String requestId, ConnectionSettings settings,
                     SocketMetrics metrics, Clock clock, EventHistory history,
                     SubscribedFilters subscriptions, IntSupplier maxCatchUp) {
        this.channel = channel;
        this.identity = identity;
        boolean generated = RequestIds.isGenerated(requestId);
        this.givenRequestId = generated ? null : requestId;
        this.requestIdHigh = generated ? RequestIds.half(requestId, 0) : 0;
        this.requestIdLow = generated ? RequestIds.half(requestId, 1) : 0;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.writer = new SocketWriter(channel, new SendQueue(settings.bufferSize(), settings.policy()), metrics,
                System::nanoTime);
        this.position = new StreamPosition(writer, history, subscriptions, maxCatchUp, metrics, channel.eventLoop(),
                this);
    }

    ConnectionIdentity identity() {
        return identity;
    }

    /** MDC fields for log lines about this socket: its request id and identity. */
    String[] logFields() {
        String[] id = identity.logFields();
        String[] all = java.util.Arrays.copyOf(id, id.length + 2);
        all[id.length] = "request_id";
        all[id.length + 1] = givenRequestId != null ? givenRequestId : RequestIds.of(requestIdHigh, requestIdLow);
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
     * Where the socket starts, before it joins the index: live from {@code floorAtJoin}, or
     * replaying from {@code since}.
     */
    void start(OptionalLong since, long floorAtJoin) {
        runOnLoop(() -> {
            if (since.isPresent()) {
                position.startRecovery(since.getAsLong(), floorAtJoin);
            } else {
                position.startLive(floorAtJoin);
            }
        });
    }

    /**
     * Always through the loop's FIFO task queue, even when called on the loop itself:
     * a direct enqueue would overtake earlier events still waiting there as tasks.
     */
    @Override
    public void deliver(Event event) {
        channel.eventLoop().execute(() -> deliverInLoop(event));
    }

    @Override
    public java.util.concurrent.Executor loop() {
        return channel.eventLoop();
    }

    @Override
    public void deliverInLoop(Event event) {
        position.live(event);
        lastDeliveryMillis = clock.millis();
    }

    /** The last stored message of a chat just selected. */
    void deliverSnapshot(Event event) {
        runOnLoop(() -> position.snapshot(event));
    }

    /** The first chat selected after a reconnect with {@code since}: replay its messages after it. */
    void replayFrom(long since) {
        runOnLoop(() -> position.rewind(since));
    }

    /**
     * Events may have bypassed this socket (the pod was paused and skipped as dead): read the
     * history from the socket's position, which only floors read before the pause have set.
     */
    void catchUpFromPosition() {
        channel.eventLoop().execute(() -> {
            if (isUpgraded()) {
                position.rewind(position.position());
            }
        });
    }

    /** A new stream floor (the position ticker); queued behind every delivery handed over before it was read. */
    void onFloor(long floor) {
        channel.eventLoop().execute(() -> position.onFloor(floor));
    }

    /** The handshake is done: "ready" (or the replay, then "ready") and whatever was queued. */
    void open() {
        runOnLoop(position::open);
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

    /** Sends an error message in turn with the other frames (answers to client frames). */
    void sendError(ErrorBody error) {
        runOnLoop(() -> writer.force(Outbound.control(FrameType.ERROR, ServerFrames.error(error))));
    }

    /** Sends an {@code error} message, then closes with the code's close code. */
    void closeWith(ErrorBody error) {
        runOnLoop(() -> {
            position.stop();
            writer.close(error.code().closeCode(), error.message(),
                    List.of(Outbound.control(FrameType.ERROR, ServerFrames.error(error))));
        });
    }

    /**
     * Server going away (SPEC §11): a last {@code position}, then 1001. {@code floor} was read
     * before this call, so the task is queued behind every delivery it covers.
     */
    void goAway(long floor) {
        channel.eventLoop().execute(() -> {
            position.onFloor(floor);
            long w = position.position();
            position.stop();
            writer.close(1001, "server shutting down",
                    List.of(Outbound.control(FrameType.POSITION, ServerFrames.position(w))));
        });
    }

    /**
     * SlowConsumer (SPEC §8), 4408: what is queued is dropped (the client resumes from its latest
     * position); the error carries W.
     */
    @Override
    public void slowConsumer(String why) {
        runOnLoop(() -> {
            if (!writer.isOpen()) {
                return;
            }
            long w = position.position();
            try (LogContext ignored = LogContext.with(logFields())) {
                log.warn("closing a slow consumer with 4408 at position {}: {}", w, why);
            }
            metrics.dropped(SocketMetrics.DropReason.SLOW_CONSUMER, Math.max(1, writer.queuedEvents()));
            metrics.slowConsumerClosed();
            position.stop();
            writer.close(ErrorCode.SLOW_CONSUMER.closeCode(), "slow consumer",
                    List.of(Outbound.control(FrameType.ERROR, ServerFrames.error(ErrorBody.of(
                            ErrorCode.SLOW_CONSUMER, "The socket could not keep up; reconnect with since",
                            Long.toString(w))))));
            // a client that does not read would never answer the close: reset after the grace period
            SocketWriter.closeUnlessClosed(channel, SocketWriter.CLOSE_HANDSHAKE_MILLIS,
                    () -> writer.abort(ErrorCode.SLOW_CONSUMER.closeCode()));
        });
    }

    /** Starts the closing handshake with {@code code}. */
    void close(int code, String reason) {
        runOnLoop(() -> {
            position.stop();
            writer.close(code, reason, List.of());
        });
    }

    /** Drops the connection without a closing handshake (dead peers, internal faults). */
    void abort(int code) {
        runOnLoop(() -> {
            position.stop();
            writer.abort(code);
        });
    }

    /** The client answered our close, or closed first. */
    void onClientClose(CloseWebSocketFrame frame) {
        position.stop();
        writer.onClientClose(frame);
    }

    boolean isOpen() {
        return writer.isOpen();
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
        position.stop();
        writer.onChannelClosed();
    }

    void onRead() {
        lastReadNanos = System.nanoTime();
    }

    void onWritabilityChanged() {
        writer.onWritabilityChanged();
    }

    void ping() {
        runOnLoop(() -> {
            if (writer.isOpen()) {
                lastPingNanos = System.nanoTime();
                writer.ping();
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
        return writer.unwritableSinceNanos();
    }

    long overCapacitySinceNanos() {
        return writer.overCapacitySinceNanos();
    }

    int queuedCount() {
        return writer.queuedCount();
    }

    private void runOnLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
