package io.daisi.ws.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A socket client that completes the WebSocket handshake and then never reads
 * again, with a tiny receive buffer: the slowest consumer there is.
 */
public final class NonReadingClient implements AutoCloseable {
    private final Socket socket;

    public NonReadingClient(int port, String pathAndQuery) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readLine(socket.getInputStream());
        if (!status.contains(" 101 ")) {
            throw new IOException("upgrade refused: " + status);
        }
        String line;
        do {
            line = readLine(socket.getInputStream());
        } while (!line.isEmpty());
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /**
     * Reads frames until the first {@code position} message and returns its seq: what a client
     * knows before it stops reading. Reads byte by byte, so nothing after that frame is consumed.
     */
    public long readFirstPosition() throws IOException {
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(10_000);
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                throw new IOException("closed before a position message");
            }
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            String text = new String(payload, StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("^\\{\"type\":\"position\",\"payload\":\\{\"seq\":(\\d+)}}$").matcher(text);
            if ((b0 & 0x0f) == 1 && m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
    }

    /** True once the server has closed its side (a read would see EOF or reset); reads what is buffered. */
    public boolean serverClosed() {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
