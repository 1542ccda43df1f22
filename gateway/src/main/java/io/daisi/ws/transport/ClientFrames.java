package io.daisi.ws.transport;

import io.daisi.ws.observability.LogContext;
import io.daisi.ws.protocol.ClientMessage;
import io.daisi.ws.protocol.ClientMessageParser;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client's frames mean: control frames, messages sent in fragments, UTF-8 (RFC 6455
 * §8.1: 1007), the inbound rate limit, the consecutive-invalid-frame budget, the message size
 * limit (after decompression) and {@code select_chat}. A fault here closes only this socket.
 *
 * <p>It does what Netty's {@code Utf8FrameValidator} and {@code WebSocketFrameAggregator} would
 * do as two more pipeline stages, and it is no stage itself: {@link ClientFrameCodec} (the usual
 * socket: one stage decodes, encodes and hands it the frames) or {@link ClientFrameHandler}
 * (after Netty's decoder and a compression extension) calls it. Every socket holds its pipeline
 * for as long as it is open, and each stage costs it about 100 bytes (docs/BENCHMARKS.md, memory
 * per idle socket). Netty's frame decoder already rejects continuation frames out of sequence.
 * Confined to the channel's event loop.
 */
final class ClientFrames {
    private static final Logger log = LoggerFactory.getLogger(ClientFrames.class);

    /** What the fragments being received belong to. */
    private enum Fragments { NONE, TEXT, BINARY, DISCARD }

    private final ClientConnection connection;
    private final SocketSubscriptions subscriptions;
    private final TransportMetrics metrics;
    /** Made at the first text message: many sockets never send one. */
    private InboundRateLimiter rateLimiter;
    private int consecutiveInvalid;
    private Fragments fragments = Fragments.NONE;
    /** A text message's fragments so far (null unless {@link Fragments#TEXT}). */
    private CompositeByteBuf text;
    /** A binary message's size so far (it is refused whole, once complete). */
    private long binaryBytes;

    ClientFrames(ClientConnection connection, SocketSubscriptions subscriptions, TransportMetrics metrics) {
        this.connection = connection;
        this.subscriptions = subscriptions;
        this.metrics = metrics;
    }

    /** One decoded frame; the caller releases it afterwards (what is kept here is retained). */
    void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        connection.onRead();
        if (frame instanceof CloseWebSocketFrame close) {
            connection.onClientClose(close);
            return;
        }
        if (!connection.isOpen()) {
            return;
        }
        switch (frame) {
            // from the channel's end of the pipeline, so the stage that encodes frames sees it
            case PingWebSocketFrame ping -> ctx.channel().writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> { }
            case TextWebSocketFrame first when !first.isFinalFragment() -> startText(ctx, first.content());
            case TextWebSocketFrame whole -> onText(whole.content());
            case BinaryWebSocketFrame binary -> onBinary(binary.content().readableBytes(), binary.isFinalFragment());
            case ContinuationWebSocketFrame more -> onContinuation(more);
            default -> onInvalid("unexpected frame");
        }
    }

    private void startText(ChannelHandlerContext ctx, ByteBuf first) {
        if (first.readableBytes() > connection.settings().maxFrameBytes()) {
            tooLarge();
            return;
        }
        text = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        text.addComponent(true, first.retain());
        fragments = Fragments.TEXT;
    }

    private void onContinuation(ContinuationWebSocketFrame more) {
        int max = connection.settings().maxFrameBytes();
        switch (fragments) {
            case TEXT -> {
                if ((long) text.readableBytes() + more.content().readableBytes() > max) {
                    dropFragments(Fragments.DISCARD);
                    tooLarge();
                } else {
                    text.addComponent(true, more.content().retain());
                    if (more.isFinalFragment()) {
                        CompositeByteBuf message = text;
                        text = null;
                        fragments = Fragments.NONE;
                        try {
                            onText(message);
                        } finally {
                            message.release();
                        }
                    }
                }
            }
            case BINARY -> onBinary(more.content().readableBytes(), more.isFinalFragment());
            case DISCARD -> {
                if (more.isFinalFragment()) {
                    fragments = Fragments.NONE;
                }
            }
            case NONE -> { } // Netty's decoder refuses a continuation outside a fragmented message
        }
    }

    /** A binary frame or one of its continuations: too large, or refused once complete. */
    private void onBinary(int bytes, boolean last) {
        binaryBytes += bytes;
        if (binaryBytes > connection.settings().maxFrameBytes()) {
            binaryBytes = 0;
            fragments = last ? Fragments.NONE : Fragments.DISCARD;
            tooLarge();
        } else if (last) {
            binaryBytes = 0;
            fragments = Fragments.NONE;
            onInvalid("binary frames are not supported");
        } else {
            fragments = Fragments.BINARY;
        }
    }

    private void dropFragments(Fragments next) {
        if (text != null) {
            text.release();
            text = null;
        }
        fragments = next;
    }

    private void onText(ByteBuf message) {
        if (message.readableBytes() > connection.settings().maxFrameBytes()) {
            tooLarge();
            return;
        }
        if (!ByteBufUtil.isText(message, StandardCharsets.UTF_8)) {
            // RFC 6455 §8.1: a text message that is not UTF-8 fails the connection with 1007
            try (LogContext ignored = LogContext.with(connection.logFields())) {
                log.info("protocol violation from client: a text message that is not valid UTF-8");
            }
            dropFragments(Fragments.DISCARD);
            connection.close(WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code(),
                    WebSocketCloseStatus.INVALID_PAYLOAD_DATA.reasonText());
            return;
        }
        if (rateLimiter == null) {
            ConnectionSettings s = connection.settings();
            rateLimiter = new InboundRateLimiter(s.messagesPerSecond(), s.messagesBurst(), System.nanoTime());
        }
        switch (rateLimiter.onFrame(System.nanoTime())) {
            case ALLOW -> handleMessage(ByteBufUtil.getBytes(message));
            case REJECT_AND_WARN -> {
                metrics.rateLimited();
                connection.sendError(ErrorBody.of(ErrorCode.RATE_LIMIT_EXCEEDED,
                        "Too many messages", "at most " + connection.settings().messagesPerSecond() + " per second"));
            }
            case REJECT -> metrics.rateLimited();
            case CLOSE -> {
                metrics.rateLimited();
                connection.closeWith(ErrorBody.of(ErrorCode.RATE_LIMIT_EXCEEDED, "Too many messages; closing"));
            }
        }
    }

    private void handleMessage(byte[] utf8) {
        switch (ClientMessageParser.parse(utf8)) {
            case ClientMessage.SelectChat select -> {
                consecutiveInvalid = 0;
                metrics.selectChatReceived();
                subscriptions.selectChat(select.chatId());
            }
            case ClientMessage.Invalid invalid -> onInvalid(invalid.reason());
        }
    }

    private void onInvalid(String reason) {
        metrics.invalidMessageReceived();
        consecutiveInvalid++;
        if (consecutiveInvalid > connection.settings().maxInvalidMessages()) {
            connection.closeWith(ErrorBody.of(ErrorCode.BAD_REQUEST, "Too many invalid messages", reason));
        } else {
            connection.sendError(ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid message", reason));
        }
    }

    private void tooLarge() {
        connection.closeWith(ErrorBody.of(ErrorCode.BAD_REQUEST, "Message too large",
                "at most " + connection.settings().maxFrameBytes() + " bytes"));
    }

    void onWritabilityChanged() {
        connection.onWritabilityChanged();
    }

    /** The channel closed: held fragments are released. */
    void onClosed() {
        dropFragments(Fragments.NONE);
        connection.onChannelClosed();
    }

    /** A frame the decoder refused (too large, a protocol violation), or a fault while handling one. */
    void onException(Throwable cause) {
        try (LogContext ignored = LogContext.with(connection.logFields())) {
            if (cause instanceof TooLongFrameException || isFrameTooLarge(cause)) {
                tooLarge();
            } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
                // RFC 6455 §7.4.1: 1007 for a text message that is not UTF-8, 1002 for other violations
                log.info("protocol violation from client: {}", cause.getMessage());
                connection.close(corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
            } else {
                log.warn("socket handling failed; closing this socket only", cause);
                connection.abort(1011);
            }
        }
    }

    private static boolean isFrameTooLarge(Throwable cause) {
        String message = cause.getMessage();
        return cause instanceof CorruptedWebSocketFrameException && message != null
                && (message.contains("Max frame length") || message.contains("exceed"));
    }
}
