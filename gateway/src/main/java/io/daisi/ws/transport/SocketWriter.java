package io.daisi.ws.transport;

import io.daisi.ws.events.Event;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one place a socket's frames are written: its bounded send queue, the gate that holds
 * frames until the WebSocket handshake is done, the drain that hands queued frames to the
 * channel while it is writable (one flush per burst), and the close. Confined to the channel's
 * event loop, except for the volatile fields the supervisor reads.
 */
final class SocketWriter implements Runnable {
    /** How long to wait for the client's close frame before dropping the TCP connection. */
    static final long CLOSE_HANDSHAKE_MILLIS = 2_000;

    private enum State { OPEN, CLOSING, CLOSED }

    private final Channel channel;
    private final SendQueue queue;
    private final SocketMetrics metrics;
    private final LongSupplier nanoTime;
    private DrainListener onDrained = () -> { };
    private State state = State.OPEN;
    private boolean gateOpen;
    private boolean drainScheduled;
    /** Frames were written outside a drain (by {@link #open}): the next drain flushes even if it writes nothing. */
    private boolean flushOnDrain;
    /** Whether event frames go out as their shared wire bytes; decided at the first drain (see {@link #sharedFrames()}). */
    private int sharedFrames = UNDECIDED;
    private static final int UNDECIDED = -1;
    /** The frame encoder's context: shared frames are written from there, past the encoder (null: from the channel). */
    private ChannelHandlerContext wireContext;

    // Read by the supervisor thread, written on the event loop.
    private volatile long unwritableSinceNanos;
    private volatile long overCapacitySinceNanos;
    private volatile int queued;

    SocketWriter(Channel channel, SendQueue queue, SocketMetrics metrics, LongSupplier nanoTime) {
        this.channel = channel;
        this.queue = queue;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    /** Told after every drain that left the queue below half its capacity (the catch-up's pace). */
    @FunctionalInterface
    interface DrainListener {
        void drained();
    }

    void onDrained(DrainListener listener) {
        this.onDrained = listener;
    }

    /**
     * The drain, as the task {@link #queued} hands the event loop: the writer is its own task,
     * not a lambda held beside it (every open socket would hold one).
     */
    @Override
    public void run() {
        drain();
    }

    /** Queues an event under the queue's policy, or under {@code whenFull} for events that cannot be caught up. */
    SendQueue.Offer event(Event event, BackpressurePolicy whenFull) {
        if (state != State.OPEN) {
            return SendQueue.Offer.ACCEPTED; // nothing more reaches a closing socket
        }
        SendQueue.Offer offer = queue.offer(eventFrame(event), whenFull);
        switch (offer) {
            case DROPPED_OLDEST -> metrics.dropped(SocketMetrics.DropReason.BUFFER_FULL, 1);
            case OVER_CAPACITY -> {
                if (overCapacitySinceNanos == 0) {
                    overCapacitySinceNanos = nanoTime.getAsLong();
                }
            }
            case ACCEPTED, REFUSED, HARD_LIMIT -> { }
        }
        if (offer != SendQueue.Offer.REFUSED && offer != SendQueue.Offer.HARD_LIMIT) {
            queued();
        }
        return offer;
    }

    /** Queues a frame that is never dropped: ready, error, position, or a selected chat's last message. */
    void force(Outbound frame) {
        if (state != State.OPEN) {
            return;
        }
        queue.force(frame);
        queued();
    }

    void force(Event event) {
        force(eventFrame(event));
    }

    /**
     * The handshake is done: writes {@code first} (the {@code ready} message) ahead of anything
     * queued meanwhile, then drains, in a task of the event loop, and flushes.
     */
    void open(Optional<Outbound> first) {
        if (state != State.OPEN || gateOpen) {
            return;
        }
        gateOpen = true;
        first.ifPresent(this::write);
        // not flushed here: the drain task writes what was queued meanwhile and what the caller
        // queues next (the first position), and one flush sends it all with {@code first}: a
        // handshake then costs one send() for ready and position, not two
        flushOnDrain = true;
        scheduleDrain();
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** Events queued and not yet handed to the channel. */
    int queuedEvents() {
        return queue.events();
    }

    int capacity() {
        return queue.capacity();
    }

    BackpressurePolicy policy() {
        return queue.policy();
    }

    OptionalLong lowestQueuedSeq() {
        return queue.lowestSeq();
    }

    /** Read by the supervisor: frames queued, for the pod's buffer gauges. */
    int queuedCount() {
        return queued;
    }

    long unwritableSinceNanos() {
        return unwritableSinceNanos;
    }

    long overCapacitySinceNanos() {
        return overCapacitySinceNanos;
    }

    /**
     * Starts the closing handshake: drops what is queued, writes {@code last} (an error, a final
     * position) and the close frame; the TCP connection ends when the client answers or after
     * a grace period. Before the handshake is done there is no WebSocket to close: the channel
     * is closed.
     */
    void close(int code, String reason, List<Outbound> last) {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        clearQueue();
        metrics.closed(code);
        if (!gateOpen) {
            channel.close();
            return;
        }
        last.forEach(this::write);
        channel.writeAndFlush(new CloseWebSocketFrame(code, truncateReason(reason)));
        closeUnlessClosed(channel, CLOSE_HANDSHAKE_MILLIS, channel::close);
    }

    /**
     * Runs {@code action} on the channel's loop after {@code millis}, unless the channel closed
     * first: the timer is then cancelled, so that it does not keep a closed socket's objects
     * reachable for the rest of its delay (a wave of closes would otherwise hold them all).
     */
    static void closeUnlessClosed(Channel channel, long millis, Runnable action) {
        ScheduledFuture<?> timer = channel.eventLoop().schedule(action, millis, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> timer.cancel(false));
    }

    /**
     * Drops the connection without a closing handshake (dead peers). The reset (SO_LINGER 0)
     * discards what the kernel still buffers for a client that is not reading, instead of
     * trickling megabytes to it after the close.
     */
    void abort(int code) {
        if (state == State.OPEN) {
            metrics.closed(code);
        }
        state = State.CLOSING;
        clearQueue();
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException e) {
            // not supported by this transport: a normal close still ends the connection
        }
        channel.close();
    }

    /** The client answered our close, or closed first. */
    void onClientClose(CloseWebSocketFrame frame) {
        if (state == State.OPEN) {
            state = State.CLOSING;
            clearQueue();
            channel.writeAndFlush(new CloseWebSocketFrame(frame.statusCode() == -1 ? 1000 : frame.statusCode(), ""))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    void onChannelClosed() {
        state = State.CLOSED;
        clearQueue();
    }

    void ping() {
        if (state == State.OPEN && gateOpen) {
            channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
        }
    }

    void onWritabilityChanged() {
        if (channel.isWritable()) {
            unwritableSinceNanos = 0;
            drain();
        } else if (unwritableSinceNanos == 0) {
            unwritableSinceNanos = nanoTime.getAsLong();
        }
    }

    /** Coalesces a burst of queued frames into one drain and one flush, after the burst's tasks ran. */
    private void queued() {
        queued = queue.size();
        if (gateOpen) {
            scheduleDrain();
        }
    }

    /** One drain task at a time: whatever is queued before it runs goes out with it. */
    private void scheduleDrain() {
        if (!drainScheduled) {
            drainScheduled = true;
            channel.eventLoop().execute(this);
        }
    }

    private void drain() {
        drainScheduled = false;
        boolean wrote = flushOnDrain;
        flushOnDrain = false;
        if (state != State.OPEN || !gateOpen) {
            if (wrote) {
                channel.flush();
            }
            return;
        }
        boolean shared = sharedFrames();
        long now = 0;
        while (channel.isWritable()) {
            Optional<Outbound> next = queue.poll();
            if (next.isEmpty()) {
                break;
            }
            Outbound frame = next.get();
            if (shared && frame.wire() != null) {
                writeShared(frame.wire());
            } else {
                channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.frame())), channel.voidPromise());
            }
            wrote = true;
            if (frame.isEvent()) {
                if (now == 0) {
                    now = nanoTime.getAsLong();
                }
                metrics.eventWritten(frame.receivedAtNanos() == 0 ? 0 : now - frame.receivedAtNanos(), frame.path());
            } else {
                metrics.frameWritten(frame.type());
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
            unwritableSinceNanos = nanoTime.getAsLong();
        }
        if (queue.events() < Math.max(1, queue.capacity() / 2)) {
            onDrained.drained();
        }
    }

    /**
     * True when no per-message extension (permessage-deflate) was negotiated: then an event's shared,
     * pre-encoded frame is written as it is, past the frame encoder. A socket that compresses gets a
     * frame object per write, so the extension's encoder sees it. Known by the first drain, which
     * runs after the handshake response (and the extension's handlers) went out.
     */
    private boolean sharedFrames() {
        if (sharedFrames == UNDECIDED) {
            sharedFrames = channel.pipeline().get(WebSocketExtensionEncoder.class) == null ? 1 : 0;
            wireContext = channel.pipeline().context(WebSocketFrameEncoder.class);
        }
        return sharedFrames == 1;
    }

    /** A duplicate of the event's shared frame, from the encoder's context (it would only pass it on). */
    private void writeShared(io.netty.buffer.ByteBuf wire) {
        if (wireContext != null && !wireContext.isRemoved()) {
            wireContext.write(wire.duplicate(), wireContext.voidPromise());
        } else {
            channel.write(wire.duplicate(), channel.voidPromise());
        }
    }

    /** Writes one frame at once, ahead of the queue (ready, and the last frames before a close). */
    private void write(Outbound frame) {
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.frame())), channel.voidPromise());
        metrics.frameWritten(frame.type());
    }

    private void clearQueue() {
        queue.clear();
        queued = 0;
        overCapacitySinceNanos = 0;
    }

    private static Outbound eventFrame(Event event) {
        return new Outbound(event.frame(), FrameType.EVENT, event.seq(), event.receivedAtNanos(), event.path(),
                event.wireFrame());
    }

    private static String truncateReason(String reason) {
        // A close frame's reason must fit in 123 bytes of UTF-8.
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }
}
