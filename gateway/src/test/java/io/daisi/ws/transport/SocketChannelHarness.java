package io.daisi.ws.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import io.daisi.ws.testsupport.WireFrameDecoding;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket's writer on a Netty {@link EmbeddedChannel}: what was written, in order, and a way
 * to make the channel stop and resume taking writes, as a client that stops reading does.
 */
final class SocketChannelHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    final EmbeddedChannel channel = new EmbeddedChannel();
    final List<JsonNode> written = new ArrayList<>();
    final List<Integer> closeCodes = new ArrayList<>();
    final RecordingMetrics metrics = new RecordingMetrics();

    SocketWriter writer(int capacity, BackpressurePolicy policy) {
        return new SocketWriter(channel, new SendQueue(capacity, policy), metrics, System::nanoTime);
    }

    /** Counts the flushes that reach the channel from now on: one per {@code send()} the socket would make. */
    AtomicInteger countFlushes() {
        AtomicInteger flushes = new AtomicInteger();
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        return flushes;
    }

    /** Runs every task queued on the channel's loop (drains, history pages) until none is left. */
    void settle() {
        channel.runPendingTasks();
        collect();
    }

    void stall() {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    }

    void resume(SocketWriter writer) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        writer.onWritabilityChanged();
        settle();
    }

    /** The seqs of the event frames written so far, in order. */
    List<Long> eventSeqs() {
        collect();
        return written.stream().filter(m -> "event".equals(m.path("type").asText()))
                .map(m -> m.path("seq").asLong()).toList();
    }

    /** The type of every frame written so far, with the seq or position for events and positions. */
    List<String> trace() {
        collect();
        return written.stream().map(m -> switch (m.path("type").asText()) {
            case "event" -> "e" + m.path("seq").asLong();
            case "position" -> "p" + m.at("/payload/seq").asLong();
            case "error" -> "error:" + m.at("/payload/code").asText();
            default -> m.path("type").asText();
        }).toList();
    }

    private void collect() {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            try {
                if (out instanceof io.netty.buffer.ByteBuf wire) {
                    // an event's shared wire frame, written past the frame encoder: decode it as a client would
                    TextWebSocketFrame text = WireFrameDecoding.decode(wire.retain());
                    written.add(JSON.readTree(text.content().toString(StandardCharsets.UTF_8)));
                    text.release();
                } else if (out instanceof TextWebSocketFrame text) {
                    written.add(JSON.readTree(text.content().toString(StandardCharsets.UTF_8)));
                } else if (out instanceof CloseWebSocketFrame close) {
                    closeCodes.add(close.statusCode());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
    }

    static Event event(long seq, EventSubject subject) {
        return new Event(subject, seq, ("{\"event_id\":\"e" + seq + "\"}").getBytes(StandardCharsets.UTF_8),
                "e" + seq, "r", System.nanoTime());
    }

    static final class RecordingMetrics implements SocketMetrics {
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger catchUps = new AtomicInteger();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger caughtUp = new AtomicInteger();
        final List<Integer> closed = new ArrayList<>();

        @Override
        public void frameWritten(FrameType type) {
        }

        @Override
        public void eventWritten(long latencyNanos, io.daisi.ws.events.DeliveryPath path) {
        }

        @Override
        public void dropped(DropReason reason, int count) {
            dropped.addAndGet(count);
        }

        @Override
        public void catchUpStarted() {
            catchUps.incrementAndGet();
            active.incrementAndGet();
        }

        @Override
        public void catchUpEnded() {
            active.decrementAndGet();
        }

        @Override
        public void caughtUp(int events) {
            caughtUp.addAndGet(events);
        }

        @Override
        public void slowConsumerClosed() {
        }

        @Override
        public void closed(int code) {
            closed.add(code);
        }
    }
}
