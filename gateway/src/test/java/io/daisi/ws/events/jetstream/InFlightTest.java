package io.daisi.ws.events.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void awaitIdleReturnsOnceEveryBeginHasEnded() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.begin();
        inFlight.begin();
        assertThat(inFlight.awaitIdle(Duration.ofMillis(20))).isFalse();

        CompletableFuture.runAsync(() -> {
            inFlight.end();
            inFlight.end();
        });
        assertThat(inFlight.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(inFlight.count()).isZero();
    }
}
