package io.daisi.ws.transport;

import io.daisi.ws.observability.LogContext;
import io.daisi.ws.protocol.ClientMessage;
import io.daisi.ws.protocol.ClientMessageParser;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames from one client: control frames, the inbound rate limit, the
 * consecutive-invalid-frame budget, the frame size limit (after decompression)
 * and {@code select_chat}. A fault here closes only this socket.
 */
final class ClientFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(ClientFrameHandler.class);

    private final ClientConnection connection;
    private final Consumer<String> onSelectChat;
    private final TransportMetrics metrics;
    private final InboundRateLimiter rateLimiter;
    private int consecutiveInvalid;

    ClientFrameHandler(ClientConnection connection, Consumer<String> onSelectChat, TransportMetrics metrics) {
        this.connection = connection;
        this.onSelectChat = onSelectChat;
        this.metrics = metrics;
        ConnectionSettings s = connection.settings();
        this.rateLimiter = new InboundRateLimiter(s.messagesPerSecond(), s.messagesBurst(), System.nanoTime());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        connection.onRead();
        if (frame instanceof CloseWebSocketFrame close) {
            connection.onClientClose(close);
            return;
        }
        if (!connection.isOpen()) {
            return;
        }
        switch (frame) {
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> { }
            case TextWebSocketFrame text -> onText(text);
            case BinaryWebSocketFrame binary -> onInvalid("binary frames are not supported");
            default -> onInvalid("unexpected frame");
        }
    }

    private void onText(TextWebSocketFrame text) {
        if (text.content().readableBytes() > connection.settings().maxFrameBytes()) {
            tooLarge();
            return;
        }
        switch (rateLimiter.onFrame(System.nanoTime())) {
            case ALLOW -> handleMessage(ByteBufUtil.getBytes(text.content()));
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
                onSelectChat.accept(select.chatId());
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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onChannelClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
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
