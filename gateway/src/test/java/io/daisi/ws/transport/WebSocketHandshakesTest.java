package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.events.EventFilter;
import io.daisi.ws.events.EventHistory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages an admitted socket is left with after Netty's handshake (memory per idle socket). */
class WebSocketHandshakesTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final EmbeddedChannel channel = new EmbeddedChannel();

    @Test
    void aSocketThatCannotCompressIsLeftWithOneStage() throws IOException {
        channel.pipeline().addLast("http-codec", new HttpServerCodec());

        handshake(request(false));

        assertThat(handlers()).singleElement().isInstanceOf(ClientFrameCodec.class);
        assertThat(response()).startsWith("HTTP/1.1 101 Switching Protocols").contains("json.v1");
    }

    @Test
    void compressionConfiguredButNotOfferedStillGivesOneStage() throws IOException {
        compressionConfigured();

        handshake(request(false));

        assertThat(handlers()).singleElement().isInstanceOf(ClientFrameCodec.class);
    }

    @Test
    void aSocketThatMayCompressKeepsNettysCodecAndTheHandlerAfterIt() throws IOException {
        compressionConfigured();

        handshake(request(true));

        List<ChannelHandler> handlers = handlers();
        assertThat(handlers).noneMatch(ClientFrameCodec.class::isInstance);
        assertThat(handlers).anyMatch(WebSocketFrameDecoder.class::isInstance)
                .anyMatch(WebSocketFrameEncoder.class::isInstance)
                .last().isInstanceOf(ClientFrameHandler.class);
    }

    /** The HTTP pipeline of a server with permessage-deflate configured (HttpPipeline's names). */
    private void compressionConfigured() {
        channel.pipeline().addLast("http-codec", new HttpServerCodec());
        channel.pipeline().addLast("ws-extensions",
                new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker()));
    }

    private void handshake(FullHttpRequest request) throws IOException {
        // the extension handler sees the request on its way in, as in the server's pipeline
        channel.pipeline().fireChannelRead(request.retain());
        WebSocketHandshakes handshakes = new WebSocketHandshakes(this::app);
        handshakes.forSocket(handshakes.newHandshaker(request), request, channel.pipeline(), frames())
                .handshake(channel, request).syncUninterruptibly();
        channel.runPendingTasks();
        request.release();
    }

    private List<ChannelHandler> handlers() {
        List<ChannelHandler> handlers = new ArrayList<>();
        channel.pipeline().forEach(entry -> handlers.add(entry.getValue()));
        return handlers;
    }

    private String response() {
        StringBuilder text = new StringBuilder();
        ByteBuf bytes;
        while ((bytes = channel.readOutbound()) != null) {
            text.append(bytes.toString(StandardCharsets.US_ASCII));
            bytes.release();
        }
        return text.toString();
    }

    private static FullHttpRequest request(boolean offersCompression) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().set("Host", "localhost").set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13")
                .set("Sec-WebSocket-Protocol", "json.v1");
        if (offersCompression) {
            request.headers().set("Sec-WebSocket-Extensions", "permessage-deflate");
        }
        return request;
    }

    private ClientFrames frames() {
        EventHistory history = (filters, after, limit) -> CompletableFuture.completedFuture(
                new EventHistory.Events(List.of(), 0, 0, 0));
        ConnectionSettings settings = new ConnectionSettings(10, BackpressurePolicy.CATCH_UP, SECOND,
                2 * SECOND, 30 * SECOND, 100, 1024, 1_000, 1_000);
        ClientConnection connection = new ClientConnection(channel, new ConnectionIdentity.User("c", "a", "u"), "r",
                settings, SocketMetrics.NONE, Clock.systemUTC(), history,
                () -> List.<EventFilter>of(new EventFilter.Chats("c", "a")), () -> 1000);
        return new ClientFrames(connection, null, TransportMetrics.NONE);
    }

    private AppConfig app() {
        try {
            return new ConfigLoader(Optional.empty(), Map.of(), Files.createDirectories(dir.resolve("cwd")))
                    .load().config().app();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
