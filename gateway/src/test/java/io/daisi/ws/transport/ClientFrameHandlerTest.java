package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daisi.ws.auth.AuthFailure;
import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.session.UserType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * What Netty's UTF-8 validator and frame aggregator did before {@link ClientFrameHandler} took
 * their place: a message in fragments is one message, bounded as a whole, checked for UTF-8 as a
 * whole, and control frames may come between its fragments.
 */
class ClientFrameHandlerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_MESSAGE_BYTES = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger invalidMessages = new AtomicInteger();
    private final List<String> out = new ArrayList<>();

    ClientFrameHandlerTest() {
        EventHistory history = (filters, after, limit) -> CompletableFuture.completedFuture(
                new EventHistory.Events(List.of(), 0, 0, 0));
        ConnectionSettings settings = new ConnectionSettings(10, BackpressurePolicy.CATCH_UP, SECOND,
                2 * SECOND, 30 * SECOND, 100, MAX_MESSAGE_BYTES, 1_000, 1_000);
        ClientConnection connection = new ClientConnection(channel, new ConnectionIdentity.User("c", "a", "u"), "r",
                settings, SocketMetrics.NONE, Clock.systemUTC(), history,
                () -> List.<EventFilter>of(new EventFilter.Chats("c", "a")), () -> 1000);
        connection.start(OptionalLong.empty(), 0);
        connection.markUpgraded();
        connection.open();
        channel.pipeline().addLast(new ClientFrameHandler(connection, null, new CountingMetrics()));
        channel.runPendingTasks();
        collect();
        out.clear(); // ready and the first position
    }

    @Test
    void aMessageInFragmentsIsOneMessage() {
        channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":"),
                new ContinuationWebSocketFrame(false, 0, "\"nonsense\""),
                new ContinuationWebSocketFrame(true, 0, "}"));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).as("one message, not three").hasValue(1);
    }

    @Test
    void aPingBetweenFragmentsIsAnsweredAndTheMessageStillJoined() {
        channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":"),
                new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})),
                new ContinuationWebSocketFrame(true, 0, "\"nonsense\"}"));

        assertThat(frames()).containsExactly("pong", "error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).hasValue(1);
    }

    @Test
    void fragmentsBeyondTheLimitTogetherCloseWith4400() {
        String half = "x".repeat(MAX_MESSAGE_BYTES / 2 + 1);
        channel.writeInbound(new TextWebSocketFrame(false, 0, half), new ContinuationWebSocketFrame(false, 0, half),
                new ContinuationWebSocketFrame(true, 0, "}"));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName(), "close:4400");
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsClosesWith1007() {
        // a two-byte sequence cut in half is fine; its second half replaced by an ASCII byte is not
        ByteBuf first = Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xC3});
        ByteBuf second = Unpooled.wrappedBuffer(new byte[] {'x', '}'});
        channel.writeInbound(new TextWebSocketFrame(false, 0, first), new ContinuationWebSocketFrame(true, 0, second));

        assertThat(frames()).containsExactly("close:1007");
        assertThat(invalidMessages).hasValue(0);
    }

    @Test
    void validUtf8SplitInsideACharacterIsJoinedFirst() {
        byte[] text = "{\"type\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        int cut = new String(text, StandardCharsets.ISO_8859_1).indexOf('\u00C3') + 1; // inside "é"
        channel.writeInbound(
                new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(text, 0, cut)),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(text, cut, text.length - cut)));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
    }

    @Test
    void aBinaryMessageInFragmentsIsRefusedOnceAndTheSocketStaysOpen() {
        channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1})),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {2})),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {3})));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).hasValue(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aBinaryMessageBeyondTheLimitClosesWith4400() {
        byte[] half = new byte[MAX_MESSAGE_BYTES / 2 + 1];
        channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(half)),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(half)));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName(), "close:4400");
    }

    @Test
    void fragmentsHeldWhenTheChannelClosesAreReleased() {
        ByteBuf first = Unpooled.buffer().writeBytes("{\"type\":".getBytes(StandardCharsets.UTF_8));
        channel.writeInbound(new TextWebSocketFrame(false, 0, first));
        assertThat(first.refCnt()).as("held by the handler").isEqualTo(1);

        channel.close();

        assertThat(first.refCnt()).isZero();
    }

    /** What was written since the last call: "error:CODE", "close:N", "pong", or a message type. */
    private List<String> frames() {
        channel.runPendingTasks();
        collect();
        return List.copyOf(out);
    }

    private void collect() {
        Object frame;
        while ((frame = channel.readOutbound()) != null) {
            try {
                switch (frame) {
                    case TextWebSocketFrame text -> {
                        JsonNode m = JSON.readTree(text.content().toString(StandardCharsets.UTF_8));
                        out.add("error".equals(m.path("type").asText())
                                ? "error:" + m.at("/payload/code").asText() : m.path("type").asText());
                    }
                    case CloseWebSocketFrame close -> out.add("close:" + close.statusCode());
                    case PongWebSocketFrame pong -> out.add("pong");
                    default -> out.add(frame.getClass().getSimpleName());
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    private final class CountingMetrics implements TransportMetrics {
        @Override
        public SocketMetrics sockets() {
            return SocketMetrics.NONE;
        }

        @Override
        public void authSucceeded(UserType type) {
        }

        @Override
        public void authFailed(UserType type, AuthFailure reason) {
        }

        @Override
        public void authPathMismatch() {
        }

        @Override
        public void refused(ErrorCode code) {
        }

        @Override
        public void socketOpened(UserType type) {
        }

        @Override
        public void socketClosed(UserType type, long openNanos) {
        }

        @Override
        public void selectChatReceived() {
        }

        @Override
        public void invalidMessageReceived() {
            invalidMessages.incrementAndGet();
        }

        @Override
        public void rateLimited() {
        }

        @Override
        public void sendQueues(DoubleSupplier queued, DoubleSupplier capacity) {
        }
    }
}
