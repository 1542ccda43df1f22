package io.daisi.ws.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that collects text messages as JSON and
 * records the close code. Messages are awaited with a bound, never slept for.
 */
public final class TestSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Closed(int code, String reason) {
    }

    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private volatile long latestPosition = -1;
    private volatile boolean paused;
    private WebSocket socket;

    private TestSocket() {
    }

    /** Connects; fails with {@link HandshakeRefused} when the server answers the upgrade with an HTTP status. */
    public static TestSocket connect(String url, Map<String, String> headers, String... subprotocols) {
        TestSocket test = new TestSocket();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            test.socket = builder.buildAsync(URI.create(url), test.new Listener()).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new HandshakeRefused(refused.getResponse().statusCode(), String.valueOf(refused.getResponse().body()));
            }
            throw new IllegalStateException("connect failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("connect failed: " + e, e);
        }
        return test;
    }

    public static TestSocket connect(String url) {
        return connect(url, Map.of());
    }

    /** The server refused the upgrade with an HTTP status (handshake_errors: http). */
    public static final class HandshakeRefused extends RuntimeException {
        private final int status;

        HandshakeRefused(int status, String body) {
            super("HTTP " + status + " " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public void selectChat(String chatId) {
        send(selectChatMessage(chatId));
    }

    /**
     * Sends unless the output is already closed, as after the server's close frame, which the JDK
     * client answers by itself before {@link #isClosed()} turns true; false then.
     */
    public boolean trySelectChat(String chatId) {
        try {
            send(selectChatMessage(chatId));
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException && socket.isOutputClosed()) {
                return false;
            }
            throw e;
        }
    }

    private static String selectChatMessage(String chatId) {
        return "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"" + chatId + "\"}}";
    }

    /** The next message, or an AssertionError after {@code timeout}. */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + timeout + "; closed=" + closed.getNow(null));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonNode next() {
        return next(Duration.ofSeconds(10));
    }

    /** Skips messages until one matches. */
    public JsonNode nextMatching(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message within " + timeout);
            }
            JsonNode message = next(Duration.ofNanos(left));
            if (match.test(message)) {
                return message;
            }
        }
    }

    /** The next message of the given type. */
    public JsonNode nextOfType(String type) {
        return nextMatching(m -> type.equals(m.path("type").asText()), Duration.ofSeconds(10));
    }

    /** Asserts that no message arrives within {@code window}. */
    public void expectSilence(Duration window) {
        try {
            JsonNode message = messages.poll(window.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                throw new AssertionError("unexpected message: " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** The latest {@code position} received (SPEC §4), or -1 before any. */
    public long latestPosition() {
        return latestPosition;
    }

    /** Every message received so far, {@code position} messages included, in arrival order. */
    public List<JsonNode> log() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public Closed awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout, e);
        }
    }

    public Closed awaitClose() {
        return awaitClose(Duration.ofSeconds(10));
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops reading: no more demand, so the JDK stops reading from the TCP connection. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        socket.request(1);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(1000, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // already closing
            }
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    synchronized (seen) {
                        seen.add(message);
                    }
                    if ("position".equals(message.path("type").asText())) {
                        // bookkeeping for resuming, not a message the tests wait for: kept aside
                        latestPosition = message.at("/payload/seq").asLong();
                    } else {
                        messages.add(message);
                    }
                } catch (Exception e) {
                    messages.add(JSON.createObjectNode().put("type", "__not_json__").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error instanceof CompletionException c ? c.getCause() : error)));
        }
    }
}
