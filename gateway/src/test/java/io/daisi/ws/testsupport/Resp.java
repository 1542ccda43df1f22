package io.daisi.ws.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Just enough of the Redis protocol (RESP2) for tests to talk to a test server
 * without a client library: commands out, replies in.
 */
final class Resp {

    private Resp() {
    }

    /** A command as RESP sends it: an array of bulk strings. */
    static byte[] encode(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAscii(out, "*" + args.length + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(out, "$" + bytes.length + "\r\n");
            out.writeBytes(bytes);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /**
     * One reply: a String (simple or bulk string), a Long (integer), null (nil) or a
     * List of those (array).
     *
     * @throws IllegalStateException if the reply is an error, with its message
     */
    static Object read(InputStream in) throws IOException {
        String line = readLine(in);
        String rest = line.substring(1);
        return switch (line.charAt(0)) {
            case '+' -> rest;
            case '-' -> throw new IllegalStateException("Redis replied " + rest);
            case ':' -> Long.parseLong(rest);
            case '$' -> readBulk(in, Integer.parseInt(rest));
            case '*' -> readArray(in, Integer.parseInt(rest));
            default -> throw new IOException("not a RESP2 reply: " + line);
        };
    }

    /** A reply as text: arrays as {@code [a, b]}, nil as null. */
    static String render(Object reply) {
        if (reply instanceof List<?> list) {
            return list.stream().map(Resp::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return reply == null ? null : reply.toString();
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed inside a bulk string");
        }
        readLine(in); // the CRLF after the data
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Object> readArray(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            elements.add(read(in));
        }
        return elements;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new EOFException("connection closed before the end of a reply line");
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
