package io.daisi.ws.bench;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One client socket's state: readiness (the {@code ready} frame), the events it
 * received, and why it failed or was dropped. Updated from its event loop.
 */
final class BenchSocket {
    final Target target;
    /** Completes on the {@code ready} frame; fails with a {@link SocketFailure} naming the reason. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final SequenceChecker events = new SequenceChecker();
    private volatile Deliveries deliveries;

    private volatile Channel channel;
    private volatile long connectStartNanos;
    private volatile long readyNanos;
    private volatile boolean closing;
    private volatile String lastErrorCode;
    private volatile int closeCode = -1;
    private volatile String dropReason;

    BenchSocket(Target target, Deliveries deliveries) {
        this.target = target;
        this.deliveries = deliveries;
    }

    /** Records this socket's deliveries in {@code other} from now on (the burst scenario keeps paused sockets apart). */
    void recordInto(Deliveries other) {
        deliveries = other;
    }

    /** Stops (false) or resumes (true) reading from the connection, as a client busy elsewhere would. */
    void reading(boolean on) {
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(on);
            if (on) {
                ch.read();
            }
        }
    }

    void connecting(Channel ch) {
        channel = ch;
        connectStartNanos = System.nanoTime();
    }

    /** From TCP connect to the ready frame, in µs; -1 if not ready. */
    long handshakeMicros() {
        return readyNanos == 0 ? -1 : (readyNanos - connectStartNanos) / 1_000;
    }

    void onFrame(Frame f, long nowUs) {
        switch (f.type()) {
            case "ready" -> {
                readyNanos = System.nanoTime();
                if (!target.chat().isEmpty() && channel != null) {
                    channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(
                            "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"" + target.chat() + "\"}}"));
                }
                ready.complete(null);
            }
            case "event" -> {
                events.accept(f.seq(), f.index());
                if (f.sentAtUs() > 0) {
                    deliveries.record(f.sentAtUs(), nowUs, f.index(), target.gateway());
                }
            }
            case "error" -> lastErrorCode = f.errorCode();
            default -> {
                // other frame types do not matter to the harness
            }
        }
    }

    void onCloseFrame(int code) {
        closeCode = code;
    }

    boolean closing() {
        return closing;
    }

    void onInactive() {
        String why = lastErrorCode != null ? "error " + lastErrorCode + ", close " + closeCode
                : closeCode >= 0 ? "close " + closeCode : "connection closed";
        fail(why + (ready.isDone() ? "" : " before ready"));
    }

    /** Before ready: the socket failed; after: it was dropped, unless the harness was closing it. */
    void fail(String reason) {
        if (!ready.completeExceptionally(new SocketFailure(reason)) && !closing && dropReason == null) {
            dropReason = reason;
        }
    }

    /** Why the socket went away after it was ready without the harness closing it; null if it did not. */
    String dropReason() {
        return dropReason;
    }

    /** The channel, once connecting; marks the socket as being closed by the harness. */
    Channel beginClose() {
        closing = true;
        return channel;
    }

    static String describe(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof SocketFailure) {
            return c.getMessage();
        }
        String m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        return m.length() > 120 ? m.substring(0, 120) : m;
    }

    /** Why a socket did not become ready. */
    static final class SocketFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SocketFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
