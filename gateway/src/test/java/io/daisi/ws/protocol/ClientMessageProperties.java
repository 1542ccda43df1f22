package io.daisi.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.FuzzTally;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Issue 10 item 6, client frames (unit level, jqwik): any bytes a client sends parse to either a
 * valid {@code select_chat} or an Invalid message (answered BadRequest), never an exception —
 * random bytes, invalid UTF-8, deep or huge JSON, wrong types.
 */
class ClientMessageProperties {
    private final FuzzTally tally = new FuzzTally();

    @AfterProperty
    void report() {
        tally.report();
    }

    @Provide
    Arbitrary<byte[]> anyFrame() {
        Arbitrary<String> jsonValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("null", "true", "false", "[]", "{}", "1e999", "-0", "\"\"", "[1,2]", "{\"chat_id\":1}"));
        Arbitrary<String> message = net.jqwik.api.Combinators.combine(
                Arbitraries.of("type", "typ", "TYPE", "payload", ""),
                Arbitraries.oneOf(jsonValue, Arbitraries.of("\"select_chat\"", "\"ping\"")),
                Arbitraries.of("payload", "pay", "chat_id"),
                jsonValue)
                .as((k1, v1, k2, v2) -> "{\"" + k1 + "\":" + v1 + ",\"" + k2 + "\":{\"chat_id\":" + v2 + "}}");
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                message.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(1, 100_000).map(ClientMessageProperties::deep),
                Arbitraries.integers().between(1, 70_000).map(n -> ("{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\""
                        + "x".repeat(n) + "\"}}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(ClientMessageProperties::invalidUtf8));
    }

    private static byte[] deep(int depth) {
        return ("{\"type\":\"select_chat\",\"payload\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Valid JSON around bytes that are not UTF-8 (a lone continuation byte, an overlong form, a surrogate). */
    private static byte[] invalidUtf8(byte[] noise) {
        byte[] prefix = "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF};
        byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + noise.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(noise, 0, out, prefix.length, noise.length);
        System.arraycopy(bad, 0, out, prefix.length + noise.length, bad.length);
        System.arraycopy(suffix, 0, out, prefix.length + noise.length + bad.length, suffix.length);
        return out;
    }

    @Property
    void anyFrameParsesToAMessageOrInvalidNeverAnException(@ForAll("anyFrame") byte[] frame) throws Exception {
        tally.check("unit", "client frames: random bytes, invalid UTF-8, deep (to 100k) or huge JSON, wrong types",
                "select_chat or Invalid (BadRequest), no exception", () -> {
            ClientMessage message = ClientMessageParser.parse(frame);
            assertThat(message).isNotNull();
            if (message instanceof ClientMessage.SelectChat select) {
                assertThat(SubjectTokens.isValidToken(select.chatId())).isTrue();
                assertThat(select.chatId()).hasSizeLessThanOrEqualTo(ClientMessageParser.MAX_CHAT_ID_LENGTH);
            }
        });
    }

    @Property
    void selectChatOfAnyValidChatIdIsUnderstood(
            @ForAll("chatIds") String chatId, @ForAll @IntRange(min = 0, max = 3) int spaces) throws Exception {
        tally.check("unit", "client frames: select_chat with generated valid chat ids",
                "SelectChat with that id", () -> {
            String pad = " ".repeat(spaces);
            String json = "{" + pad + "\"type\":\"select_chat\"," + pad + "\"payload\":{\"chat_id\":\"" + chatId + "\"}}";
            assertThat(ClientMessageParser.parse(json.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(new ClientMessage.SelectChat(chatId));
        });
    }

    @Provide
    Arbitrary<String> chatIds() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '_')
                .ofMinLength(1).ofMaxLength(ClientMessageParser.MAX_CHAT_ID_LENGTH);
    }
}
