package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (SPEC §8) checked on the wire with a raw socket: negotiated
 * when enabled, frames above the threshold compressed (RSV1) and inflating to
 * the event, small frames sent as they are; not offered when disabled.
 */
class CompressionIT {

    private record Frame(boolean compressed, byte[] payload) {
    }

    private static final class RawSocket implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final String handshake;

        RawSocket(int port, String path) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            handshake = head.toString();
        }

        Frame next() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            return new Frame((b0 & 0x40) != 0, payload);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String inflate(byte[] compressed) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] withTail = java.util.Arrays.copyOf(compressed, compressed.length + 4);
        withTail[compressed.length + 2] = (byte) 0xff;
        withTail[compressed.length + 3] = (byte) 0xff;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(buf);
            if (n == 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String path(TestGateway gw) {
        return "/ws/c/a?token=" + TestGateway.enc(gw.userToken("c", "a", "z")) + "&x-api-key="
                + TestGateway.enc(TestGateway.API_KEY);
    }

    @Test
    void largeFramesAreCompressedSmallOnesAreNot() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_WEBSOCKET_COMPRESSION_MODE", "no_context_takeover"));
             RawSocket raw = new RawSocket(gw.port(), path(gw))) {
            assertThat(raw.handshake).startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");
            Frame ready = raw.next();
            assertThat(ready.compressed()).isFalse();
            assertThat(new String(ready.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"ready\"}");
            Frame position = raw.next();
            assertThat(position.compressed()).as("below the threshold").isFalse();
            assertThat(new String(position.payload(), StandardCharsets.UTF_8)).startsWith("{\"type\":\"position\"");
            gw.publish("websocket.c.a.chats", TestGateway.event("big", Map.of("text", "hello ".repeat(2000))));
            Frame event = raw.next();
            assertThat(event.compressed()).isTrue();
            assertThat(event.payload().length).isLessThan(2000);
            assertThat(inflate(event.payload())).contains("\"event_id\":\"big\"").contains("hello hello");
        }
    }

    @Test
    void notNegotiatedWhenDisabled() throws Exception {
        try (TestGateway gw = TestGateway.start(Map.of("DAISI_WS_APP_WEBSOCKET_COMPRESSION_MODE", "disabled"));
             RawSocket raw = new RawSocket(gw.port(), path(gw))) {
            assertThat(raw.handshake).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("permessage-deflate");
            gw.publish("websocket.c.a.chats", TestGateway.event("plain", Map.of("text", "hello ".repeat(2000))));
            raw.next(); // ready
            raw.next(); // position
            Frame event = raw.next();
            assertThat(event.compressed()).isFalse();
            assertThat(new String(event.payload(), StandardCharsets.UTF_8)).contains("\"event_id\":\"plain\"");
        }
    }
}
