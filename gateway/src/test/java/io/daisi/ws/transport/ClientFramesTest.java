package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.daisi.ws.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What Netty's UTF-8 validator and frame aggregator did before {@link ClientFrames} took their
 * place: a message in fragments is one message, bounded as a whole, checked for UTF-8 as a whole,
 * and control frames may come between its fragments. Each case runs through both stages that
 * hand it frames: {@link ClientFrameCodec} (bytes in and out, as on the wire: the test masks what
 * it sends as a browser does and decodes what comes back) and {@link ClientFrameHandler} (frames
 * in and out, after Netty's decoder).
 */
class ClientFramesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_MESSAGE_BYTES = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger invalidMessages = new AtomicInteger();
    private final List<String> out = new ArrayList<>();
    /** Decodes what the codec wrote, as a client would. */
    private final EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, true, 1 << 20));
    private Stage stage;

    /** The two pipeline forms a socket can have. */
    enum Stage { CODEC, HANDLER }

    private void open(Stage stage) {
        this.stage = stage;
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
        ClientFrames frames = new ClientFrames(connection, null, new CountingMetrics());
        if (stage == Stage.CODEC) {
            channel.pipeline().addLast(new MaskedFrames(), new ClientFrameCodec(
                    WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(1024).build(), frames));
        } else {
            channel.pipeline().addLast(new ClientFrameHandler(frames));
        }
        channel.runPendingTasks();
        collect();
        out.clear(); // ready and the first position
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aMessageInFragmentsIsOneMessage(Stage stage) {
        open(stage);
        channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":"),
                new ContinuationWebSocketFrame(false, 0, "\"nonsense\""),
                new ContinuationWebSocketFrame(true, 0, "}"));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).as("one message, not three").hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aPingBetweenFragmentsIsAnsweredAndTheMessageStillJoined(Stage stage) {
        open(stage);
        channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":"),
                new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})),
                new ContinuationWebSocketFrame(true, 0, "\"nonsense\"}"));

        assertThat(frames()).containsExactly("pong", "error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void fragmentsBeyondTheLimitTogetherCloseWith4400(Stage stage) {
        open(stage);
        String half = "x".repeat(MAX_MESSAGE_BYTES / 2 + 1);
        channel.writeInbound(new TextWebSocketFrame(false, 0, half), new ContinuationWebSocketFrame(false, 0, half),
                new ContinuationWebSocketFrame(true, 0, "}"));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName(), "close:4400");
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void invalidUtf8SplitAcrossFragmentsClosesWith1007(Stage stage) {
        open(stage);
        // a two-byte sequence cut in half is fine; its second half replaced by an ASCII byte is not
        ByteBuf first = Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xC3});
        ByteBuf second = Unpooled.wrappedBuffer(new byte[] {'x', '}'});
        channel.writeInbound(new TextWebSocketFrame(false, 0, first), new ContinuationWebSocketFrame(true, 0, second));

        assertThat(frames()).containsExactly("close:1007");
        assertThat(invalidMessages).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void validUtf8SplitInsideACharacterIsJoinedFirst(Stage stage) {
        open(stage);
        byte[] text = "{\"type\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        int cut = new String(text, StandardCharsets.ISO_8859_1).indexOf('\u00C3') + 1; // inside "é"
        channel.writeInbound(
                new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(text, 0, cut)),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(text, cut, text.length - cut)));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aBinaryMessageInFragmentsIsRefusedOnceAndTheSocketStaysOpen(Stage stage) {
        open(stage);
        channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1})),
                new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {2})),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {3})));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).hasValue(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aBinaryMessageBeyondTheLimitClosesWith4400(Stage stage) {
        open(stage);
        byte[] half = new byte[MAX_MESSAGE_BYTES / 2 + 1];
        channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(half)),
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(half)));

        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName(), "close:4400");
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void fragmentsHeldWhenTheChannelClosesAreReleased(Stage stage) {
        open(stage);
        UnpooledByteBufAllocator tracked = new UnpooledByteBufAllocator(false);
        channel.config().setAllocator(tracked);
        ByteBuf first = tracked.heapBuffer().writeBytes("{\"type\":".getBytes(StandardCharsets.UTF_8));
        channel.writeInbound(new TextWebSocketFrame(false, 0, first));
        assertThat(tracked.metric().usedHeapMemory()).as("held by the socket").isPositive();

        channel.close();

        assertThat(tracked.metric().usedHeapMemory()).isZero();
    }

    @Test
    void theCodecDecodesAMessageThatArrivesOneByteAtATimeAndTwoFramesInOneRead() {
        open(Stage.CODEC);
        ByteBuf wire = masked(new TextWebSocketFrame("{\"type\":\"nonsense\"}"));
        channel.pipeline().remove(MaskedFrames.class);
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        assertThat(frames()).containsExactly("error:" + ErrorCode.BAD_REQUEST.wireName());
        out.clear();

        ByteBuf two = Unpooled.wrappedBuffer(masked(new TextWebSocketFrame("{}")),
                masked(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {7}))));
        channel.writeInbound(two);
        // the pong is written at once, the error through the send queue's next drain
        assertThat(frames()).containsExactly("pong", "error:" + ErrorCode.BAD_REQUEST.wireName());
        assertThat(invalidMessages).hasValue(2);
    }

    @Test
    void theCodecEncodesWhatTheSocketWritesSmallAndLarge() {
        open(Stage.CODEC);
        String large = "{\"type\":\"x\",\"pad\":\"" + "p".repeat(5000) + "\"}";
        channel.writeOneOutbound(new TextWebSocketFrame("{\"type\":\"small\"}"));
        channel.writeAndFlush(new TextWebSocketFrame(large)).syncUninterruptibly();

        assertThat(frames()).containsExactly("small", "x");
    }

    @Test
    void anUnmaskedFrameFromTheClientClosesWith1002() {
        open(Stage.CODEC);
        channel.pipeline().remove(MaskedFrames.class);
        EmbeddedChannel server = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        server.writeOutbound(new TextWebSocketFrame("{}"));
        channel.writeInbound((ByteBuf) server.readOutbound());

        assertThat(frames()).containsExactly("close:1002");
    }

    private static ByteBuf masked(WebSocketFrame frame) {
        EmbeddedChannel browser = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        browser.writeOutbound(frame);
        ByteBuf wire = Unpooled.buffer();
        ByteBuf part;
        while ((part = browser.readOutbound()) != null) {
            wire.writeBytes(part);
            part.release();
        }
        return wire;
    }

    /** What was written since the last call: "error:CODE", "close:N", "pong", or a message type. */
    private List<String> frames() {
        channel.runPendingTasks();
        collect();
        return List.copyOf(out);
    }

    private void collect() {
        Object written;
        while ((written = channel.readOutbound()) != null) {
            if (written instanceof ByteBuf bytes) {
                client.writeInbound(bytes);
            } else {
                record(written);
            }
        }
        Object frame;
        while ((frame = client.readInbound()) != null) {
            record(frame);
        }
    }

    private void record(Object frame) {
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

    /** In front of the codec: what the test sends, as a browser puts it on the wire (masked). */
    private static final class MaskedFrames extends MessageToMessageDecoder<WebSocketFrame> {
        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            out.add(masked(frame.retain()));
        }
    }

    private final class CountingMetrics extends TransportMetrics.Silent {
        @Override
        public void invalidMessageReceived() {
            invalidMessages.incrementAndGet();
        }
    }
}
