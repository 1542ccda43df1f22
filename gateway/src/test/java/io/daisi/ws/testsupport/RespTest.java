package io.daisi.ws.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespTest {

    @Test
    void encodesACommandAsAnArrayOfBulkStrings() {
        assertThat(new String(Resp.encode("SET", "k", "é"), StandardCharsets.UTF_8))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
    }

    @Test
    void readsEachKindOfReply() throws IOException {
        assertThat(read("+OK\r\n")).isEqualTo("OK");
        assertThat(read(":42\r\n")).isEqualTo(42L);
        assertThat(read("$5\r\na\r\nbc\r\n")).isEqualTo("a\r\nbc");
        assertThat(read("$-1\r\n")).isNull();
        assertThat(read("*2\r\n$1\r\na\r\n*1\r\n:1\r\n")).isEqualTo(List.of("a", List.of(1L)));
        assertThat(read("*-1\r\n")).isNull();
    }

    @Test
    void rendersRepliesAsText() {
        assertThat(Resp.render(7L)).isEqualTo("7");
        assertThat(Resp.render(null)).isNull();
        assertThat(Resp.render(List.of("a", List.of(1L)))).isEqualTo("[a, [1]]");
        assertThat(Resp.render(List.of())).isEqualTo("[]");
    }

    @Test
    void turnsErrorRepliesIntoExceptions() {
        assertThatThrownBy(() -> read("-WRONGTYPE Operation against a key\r\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WRONGTYPE Operation against a key");
    }

    @Test
    void failsOnATruncatedReply() {
        assertThatThrownBy(() -> read("$10\r\nabc")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("+OK")).isInstanceOf(EOFException.class);
    }

    private static Object read(String wire) throws IOException {
        return Resp.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }
}
