package io.daisi.ws.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the harness needs from one server frame: its type, {@code seq}, and for
 * events the bench's {@code row_data.i} (event index, -1 if absent) and
 * {@code row_data.sent_at_us}; for errors {@code payload.code}.
 */
record Frame(String type, long seq, int index, long sentAtUs, String errorCode) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] EVENT_PREFIX = ascii("{\"type\":\"event\",\"seq\":");
    private static final byte[] INDEX_KEY = ascii("\"row_data\":{\"i\":");
    private static final byte[] SENT_KEY = ascii(",\"sent_at_us\":");
    /** The bench's fields lie within the first bytes of its event frames. */
    private static final int HEAD_BYTES = 256;

    /**
     * A frame as received. The bench's own events, as the gateway frames them, are read by a
     * scan of their first bytes (the harness reads 100,000s of frames a second); frames whose
     * content the harness does not use ({@code position}, {@code ready}, ...) by their type alone.
     * Anything else, or a layout the scan does not recognise, goes through the JSON parser.
     */
    static Frame parse(ByteBuf b) {
        byte[] head = HEAD.get();
        int end = readHead(b, head);
        Frame fast = scan(head, end, EVENT_PREFIX);
        if (fast != null) {
            return fast;
        }
        String type = leadingType(head, end);
        if (type != null && !type.equals("event") && !type.equals("error")) {
            return new Frame(type, 0, -1, 0, null);
        }
        if (b.hasArray()) {
            return parse(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
        }
        byte[] all = ByteBufUtil.getBytes(b);
        return parse(all, 0, all.length);
    }

    /** {@code {"type":"event","seq":N,...,"row_data":{"i":I,"sent_at_us":T...}; null if not that shape. */
    static Frame scanEvent(byte[] head) {
        return scan(head, head.length, EVENT_PREFIX);
    }

    /**
     * A socket.io packet (the peer of {@code bench/peers/socketio}): {@code 0{...}} engine open, {@code 2}
     * ping, {@code 40...} namespace connected (ready), {@code 42["event",{"seq":N,"payload":{...}}]}.
     * Open and ping come back as types {@code sio_open} and {@code sio_ping}, which the handler answers.
     */
    static Frame parseSocketIo(ByteBuf b) {
        byte[] head = HEAD.get();
        int end = readHead(b, head);
        Frame event = scan(head, end, SOCKETIO_EVENT_PREFIX);
        if (event != null) {
            return event;
        }
        String type = end == 0 ? "" : switch (head[0]) {
            case '0' -> "sio_open";
            case '2' -> "sio_ping";
            case '4' -> end > 1 && head[1] == '0' ? "ready" : "other";
            default -> "other";
        };
        return new Frame(type, 0, -1, 0, null);
    }

    /** Each reading thread's copy of the frame being read: no array per frame. */
    private static final ThreadLocal<byte[]> HEAD = ThreadLocal.withInitial(() -> new byte[HEAD_BYTES]);
    private static final byte[] SOCKETIO_EVENT_PREFIX = ascii("42[\"event\",{\"seq\":");
    private static final byte[] TYPE_PREFIX = ascii("{\"type\":\"");
    /** Longer than any frame type of the protocol. */
    private static final int MAX_TYPE_BYTES = 32;

    /** Copies the first bytes of {@code b} (up to {@link #HEAD_BYTES}) into {@code head}; returns how many. */
    private static int readHead(ByteBuf b, byte[] head) {
        int end = Math.min(HEAD_BYTES, b.readableBytes());
        b.getBytes(b.readerIndex(), head, 0, end);
        return end;
    }

    /** The type T of a frame in {@code b[0, end)} that starts {@code {"type":"T",...}}, for a plain ASCII T; null otherwise. */
    private static String leadingType(byte[] b, int end) {
        if (!startsWith(b, 0, end, TYPE_PREFIX)) {
            return null;
        }
        int start = TYPE_PREFIX.length;
        for (int i = start; i < end && i - start <= MAX_TYPE_BYTES; i++) {
            byte c = b[i];
            if (c == '"') {
                return new String(b, start, i - start, StandardCharsets.US_ASCII);
            }
            if (c == '\\' || c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return null;
    }

    /** The bench fields of an event frame in {@code b[0, end)} that starts with {@code prefix}; null if not that shape. */
    private static Frame scan(byte[] b, int end, byte[] prefix) {
        if (!startsWith(b, 0, end, prefix)) {
            return null;
        }
        int[] pos = {prefix.length};
        long seq = number(b, pos, end);
        int at = indexOf(b, INDEX_KEY, pos[0], end);
        if (seq <= 0 || at < 0) {
            return null;
        }
        pos[0] = at + INDEX_KEY.length;
        long index = number(b, pos, end);
        if (index < 0 || index > Integer.MAX_VALUE || !startsWith(b, pos[0], end, SENT_KEY)) {
            return null;
        }
        pos[0] += SENT_KEY.length;
        long sent = number(b, pos, end);
        return sent <= 0 ? null : new Frame("event", seq, (int) index, sent, null);
    }

    /** The unsigned decimal at {@code pos[0]}, which moves past it; -1 if there is none or it is cut off. */
    private static long number(byte[] b, int[] pos, int end) {
        int i = pos[0];
        long n = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9' && i - pos[0] < 18) {
            n = n * 10 + (b[i++] - '0');
        }
        boolean ok = i > pos[0] && i < end;
        pos[0] = i;
        return ok ? n : -1;
    }

    private static boolean startsWith(byte[] b, int from, int end, byte[] prefix) {
        if (from + prefix.length > end) {
            return false;
        }
        return Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] b, byte[] needle, int from, int end) {
        for (int i = from; i + needle.length <= end; i++) {
            if (startsWith(b, i, end, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The general reader: streams through the frame and stops once the event fields are read, so the
     * padding after them is never tokenized.
     */
    static Frame parse(byte[] json, int offset, int length) {
        try (JsonParser p = JSON.createParser(json, offset, length)) {
            Builder b = new Builder();
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (!b.complete() && p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> b.type = p.getValueAsString();
                    case "seq" -> b.seq = p.getValueAsLong();
                    case "payload" -> {
                        if (value == JsonToken.START_OBJECT) {
                            readPayload(p, b);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return b.build();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON frame: " + e.getMessage(), e);
        }
    }

    private static void readPayload(JsonParser p, Builder b) throws IOException {
        while (!b.complete() && p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("code".equals(field)) {
                b.errorCode = p.getValueAsString();
            } else if ("row_data".equals(field) && value == JsonToken.START_OBJECT) {
                while (!b.complete() && p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    switch (name) {
                        case "i" -> b.index = p.getValueAsInt(-1);
                        case "sent_at_us" -> b.sentAtUs = p.getValueAsLong();
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    private static final class Builder {
        String type;
        long seq;
        int index = -1;
        long sentAtUs;
        String errorCode;

        /** Type, seq, index and send time are all known: the rest of the frame is not needed. */
        boolean complete() {
            return type != null && seq > 0 && index >= 0 && sentAtUs > 0;
        }

        Frame build() {
            return new Frame(type == null ? "" : type, seq, index, sentAtUs, errorCode);
        }
    }
}
