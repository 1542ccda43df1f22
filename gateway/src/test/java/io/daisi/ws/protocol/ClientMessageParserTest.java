package io.daisi.ws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ClientMessageParserTest {

    @Test
    void selectChat() {
        assertThat(parse("{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"chat-1\"}}"))
                .isEqualTo(new ClientMessage.SelectChat("chat-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "[]", "42", "{}", "{\"type\":1}", "{\"type\":\"hello\"}",
            "{\"type\":\"select_chat\"}", "{\"type\":\"select_chat\",\"payload\":[]}",
            "{\"type\":\"select_chat\",\"payload\":{}}", "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"\"}}",
            "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":5}}",
            "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"a.b\"}}",
            "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"a b\"}}",
            "{\"type\":\"select_chat\",\"payload\":{\"chat_id\":\"x\"}"})
    void everythingElseIsInvalid(String text) {
        assertThat(parse(text)).isInstanceOf(ClientMessage.Invalid.class);
    }

    @Test
    void errorFramesUseTheReferenceShape() {
        String frame = new String(ServerFrames.error(ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid message", "why")),
                StandardCharsets.UTF_8);
        assertThat(frame).isEqualTo(
                "{\"type\":\"error\",\"payload\":{\"code\":\"BadRequest\",\"message\":\"Invalid message\",\"details\":\"why\"}}");
        String body = new String(ServerFrames.errorBody(ErrorBody.of(ErrorCode.METHOD_NOT_ALLOWED, "m")),
                StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"code\":\"E4005\",\"message\":\"m\"}");
        assertThat(new String(ServerFrames.ready(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"ready\"}");
    }

    private static ClientMessage parse(String text) {
        return ClientMessageParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
