package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {

    private static Frame parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return Frame.parse(b, 0, b.length);
    }

    private static Frame parseBuf(String json) {
        ByteBuf direct = Unpooled.directBuffer().writeBytes(json.getBytes(StandardCharsets.UTF_8));
        try {
            return Frame.parse(direct);
        } finally {
            direct.release();
        }
    }

    private static String benchEventFrame(long seq, int i, long sentAtUs, int payloadBytes) {
        EventPublisher publisher = new EventPublisher(null, new Gateway(URI.create("http://127.0.0.1:1"), "k"),
                "a", "websocket.c.a.chats", "run-", payloadBytes);
        String body = publisher.body(i, sentAtUs);
        String event = body.substring(body.indexOf("\"event\":") + 8, body.length() - 1);
        assertThat(event.length()).isEqualTo(payloadBytes);
        return "{\"type\":\"event\",\"seq\":" + seq + ",\"payload\":" + event + "}";
    }

    @Test
    void readsTheBenchFieldsOfAnEventEitherWay() {
        String frame = benchEventFrame(7, 42, 1_700_000_000_123_456L, 300);
        Frame expected = new Frame("event", 7, 42, 1_700_000_000_123_456L, null);
        assertThat(parse(frame)).isEqualTo(expected);
        assertThat(parseBuf(frame)).isEqualTo(expected);
        assertThat(Frame.scanEvent(frame.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
    }

    @Test
    void otherLayoutsFallBackToTheJsonParser() {
        String reordered = "{\"seq\":9,\"type\":\"event\",\"payload\":{\"row_data\":{\"sent_at_us\":5,\"i\":3}}}";
        assertThat(Frame.scanEvent(reordered.getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(parseBuf(reordered)).isEqualTo(new Frame("event", 9, 3, 5, null));
        String cut = "{\"type\":\"event\",\"seq\":12";
        assertThat(Frame.scanEvent(cut.getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    @Test
    void readsReadyErrorAndForeignFrames() {
        assertThat(parseBuf("{\"type\":\"ready\"}").type()).isEqualTo("ready");
        Frame error = parseBuf("{\"type\":\"error\",\"payload\":{\"code\":\"InvalidToken\",\"message\":\"no\"}}");
        assertThat(error.type()).isEqualTo("error");
        assertThat(error.errorCode()).isEqualTo("InvalidToken");
        Frame foreign = parseBuf("{\"type\":\"event\",\"seq\":3,\"payload\":{\"event_id\":\"e\",\"row_data\":{\"t\":[1]}}}");
        assertThat(foreign.index()).isEqualTo(-1);
        assertThat(foreign.seq()).isEqualTo(3);
    }

    @Test
    void framesTheHarnessDoesNotReadAreKnownByTheirTypeAlone() {
        assertThat(parseBuf("{\"type\":\"position\",\"payload\":{\"seq\":12}}"))
                .isEqualTo(new Frame("position", 0, -1, 0, null));
        assertThat(parseBuf("{\"type\":\"ready\",\"payload\":{\"user_id\":\"u\"}}"))
                .isEqualTo(new Frame("ready", 0, -1, 0, null));
        // a type the scan cannot take as it stands goes through the parser, which unescapes it
        assertThat(parseBuf("{\"type\":\"pos\\u0069tion\"}").type()).isEqualTo("position");
        // events and errors are never taken by their type alone: their fields matter
        assertThat(parseBuf("{\"type\":\"error\",\"payload\":{\"code\":\"SlowConsumer\"}}").errorCode())
                .isEqualTo("SlowConsumer");
        assertThat(parseBuf("{\"type\":\"event\",\"seq\":4,\"payload\":{}}")).isEqualTo(new Frame("event", 4, -1, 0, null));
    }

    @Test
    void readsAFrameWhereverItStartsInItsBuffer() {
        String frame = benchEventFrame(11, 5, 1_700_000_000_000_001L, 200);
        ByteBuf direct = Unpooled.directBuffer().writeBytes("junk before".getBytes(StandardCharsets.US_ASCII))
                .writeBytes(frame.getBytes(StandardCharsets.US_ASCII));
        try {
            direct.skipBytes("junk before".length());
            assertThat(Frame.parse(direct)).isEqualTo(new Frame("event", 11, 5, 1_700_000_000_000_001L, null));
            assertThat(direct.readerIndex()).isEqualTo("junk before".length());
        } finally {
            direct.release();
        }
    }
}
