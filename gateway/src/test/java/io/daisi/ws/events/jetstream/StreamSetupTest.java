package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamSetupTest {

    @Test
    void aStreamCapturesThePrefixWhenItsSubjectCoversEverySubjectUnderIt() {
        assertThat(StreamSetup.captures("websocket.>", "websocket")).isTrue();
        assertThat(StreamSetup.captures(">", "websocket")).isTrue();
        assertThat(StreamSetup.captures("*.>", "a.b")).isTrue();
        assertThat(StreamSetup.captures("a.>", "a.b")).isTrue();
    }

    @Test
    void aNarrowerOrOtherSubjectDoesNotCapture() {
        assertThat(StreamSetup.captures("wa.>", "websocket")).isFalse();
        assertThat(StreamSetup.captures("websocket", "websocket")).isFalse();
        assertThat(StreamSetup.captures("websocket.*.*.chats", "websocket")).isFalse();
        assertThat(StreamSetup.captures("websocket.c1.>", "websocket")).isFalse();
    }
}
