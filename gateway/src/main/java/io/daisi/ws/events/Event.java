package io.daisi.ws.events;

import io.daisi.ws.protocol.ServerFrames;
import io.daisi.ws.protocol.WireFrames;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One change event on its way to sockets: where it was published, its stream
 * sequence (0 when unknown), and its JSON exactly as received. The socket frame
 * is built once, on first use, and shared by every socket it goes to.
 */
public final class Event {
    private final EventSubject subject;
    private final long seq;
    private final byte[] payloadJson;
    private final String eventId;
    private final String requestId;
    private final long receivedAtNanos;
    private final DeliveryPath path;
    private volatile byte[] frame;
    private volatile ByteBuf wireFrame;

    /** An event this pod took from the stream (or its bus). */
    public Event(EventSubject subject, long seq, byte[] payloadJson, String eventId, String requestId,
                 long receivedAtNanos) {
        this(subject, seq, payloadJson, eventId, requestId, receivedAtNanos, DeliveryPath.LOCAL);
    }

    public Event(EventSubject subject, long seq, byte[] payloadJson, String eventId, String requestId,
                 long receivedAtNanos, DeliveryPath path) {
        this.subject = Objects.requireNonNull(subject);
        this.seq = seq;
        this.payloadJson = Objects.requireNonNull(payloadJson);
        this.eventId = Objects.requireNonNull(eventId);
        this.requestId = Objects.requireNonNull(requestId);
        this.receivedAtNanos = receivedAtNanos;
        this.path = Objects.requireNonNull(path);
    }

    /** Taken here or forwarded by a peer: the delivery-latency histogram's {@code path} label. */
    public DeliveryPath path() {
        return path;
    }

    public EventSubject subject() {
        return subject;
    }

    public long seq() {
        return seq;
    }

    /** The event JSON as received; callers must not modify it. */
    public byte[] payloadJson() {
        return payloadJson;
    }

    public String eventId() {
        return eventId;
    }

    public String requestId() {
        return requestId;
    }

    /** {@link System#nanoTime()} when the gateway received the event, for the delivery-latency histogram. */
    public long receivedAtNanos() {
        return receivedAtNanos;
    }

    /** The {@code {"type":"event","seq":N,"payload":...}} frame bytes; callers must not modify them. */
    public byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = ServerFrames.event(seq, payloadJson);
            frame = f;
        }
        return f;
    }

    /**
     * {@link #frame()} as a WebSocket text frame, encoded once and shared by every socket that has no
     * per-message extension: write a {@code duplicate()}, never the buffer itself.
     */
    public ByteBuf wireFrame() {
        ByteBuf w = wireFrame;
        if (w == null) {
            w = WireFrames.text(frame());
            wireFrame = w;
        }
        return w;
    }
}
