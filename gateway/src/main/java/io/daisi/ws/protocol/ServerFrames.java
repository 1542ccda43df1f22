package io.daisi.ws.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Builds server-to-client text frames as UTF-8 bytes. Event frames embed the
 * event JSON exactly as received, so unknown fields survive and the bytes are
 * built once per event, not once per socket.
 */
public final class ServerFrames {
    private static final byte[] READY = "{\"type\":\"ready\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT_PREFIX = "{\"type\":\"event\",".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAYLOAD_KEY = "\"payload\":".getBytes(StandardCharsets.UTF_8);

    private ServerFrames() {
    }

    public static byte[] ready() {
        return READY.clone();
    }

    /** {@code {"type":"position","payload":{"seq":W}}}: a safe resume point (SPEC §4, §6). */
    public static byte[] position(long seq) {
        return ("{\"type\":\"position\",\"payload\":{\"seq\":" + seq + "}}").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code {"type":"event","seq":N,"payload":<payloadJson>}}; without "seq" when {@code seq <= 0}.
     */
    public static byte[] event(long seq, byte[] payloadJson) {
        byte[] seqPart = seq > 0 ? ("\"seq\":" + seq + ",").getBytes(StandardCharsets.US_ASCII) : new byte[0];
        byte[] out = new byte[EVENT_PREFIX.length + seqPart.length + PAYLOAD_KEY.length + payloadJson.length + 1];
        int pos = 0;
        System.arraycopy(EVENT_PREFIX, 0, out, pos, EVENT_PREFIX.length);
        pos += EVENT_PREFIX.length;
        System.arraycopy(seqPart, 0, out, pos, seqPart.length);
        pos += seqPart.length;
        System.arraycopy(PAYLOAD_KEY, 0, out, pos, PAYLOAD_KEY.length);
        pos += PAYLOAD_KEY.length;
        System.arraycopy(payloadJson, 0, out, pos, payloadJson.length);
        pos += payloadJson.length;
        out[pos] = '}';
        return out;
    }

    public static byte[] error(ErrorBody error) {
        return write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("type", "error");
            gen.writeFieldName("payload");
            writeErrorBody(gen, error);
            gen.writeEndObject();
        });
    }

    /** The bare error body, as HTTP responses carry it. */
    public static byte[] errorBody(ErrorBody error) {
        return write(gen -> writeErrorBody(gen, error));
    }

    private static void writeErrorBody(JsonGenerator gen, ErrorBody error) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("code", error.code().wireName());
        gen.writeStringField("message", error.message());
        if (error.details().isPresent()) {
            gen.writeStringField("details", error.details().get());
        }
        gen.writeEndObject();
    }

    @FunctionalInterface
    private interface GeneratorWork {
        void write(JsonGenerator gen) throws IOException;
    }

    private static byte[] write(GeneratorWork work) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(out)) {
            work.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
