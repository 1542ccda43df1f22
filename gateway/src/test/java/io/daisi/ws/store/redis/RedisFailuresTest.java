package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.store.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RedisFailuresTest {

    @Test
    void connectionProblemsAreOutages() {
        for (Throwable outage : new Throwable[] {
                new RedisConnectionException("refused"),
                new RedisCommandTimeoutException("Command timed out after 1 second(s)"),
                new RedisException("Currently not connected. Commands are rejected."),
                new RedisException("Connection closed"),
                new RedisLoadingException("LOADING Redis is loading the dataset in memory"),
                new ClosedChannelException(),
                new IOException("Connection reset by peer"),
                new CancellationException(),
                new RedisConnectionException("connect failed", new IOException("refused")),
        }) {
            Throwable translated = RedisFailures.translate(new CompletionException(outage));
            assertThat(translated).as(outage.toString()).isInstanceOf(StoreUnavailableException.class);
            assertThat(translated.getCause()).isSameAs(outage);
        }
    }

    @Test
    void defectsPassAsTheyAre() {
        for (Throwable defect : new Throwable[] {
                new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"),
                new RedisNoScriptException("NOSCRIPT No matching script"),
                new IllegalStateException("bug"),
                new ClassCastException("bad reply"),
        }) {
            assertThat(RedisFailures.translate(new CompletionException(defect))).isSameAs(defect);
            assertThat(RedisFailures.translate(new ExecutionException(defect))).isSameAs(defect);
        }
    }

    @Test
    void anOutageIsNotWrappedTwice() {
        StoreUnavailableException outage = new StoreUnavailableException("down");
        assertThat(RedisFailures.translate(new CompletionException(outage))).isSameAs(outage);
    }

    @Test
    void aCommandRefusedOnTheCallingThreadFailsItsStage() {
        CompletableFuture<String> stage = RedisFailures.attempt(() -> {
            throw new RedisException("Connection is closed");
        });

        assertThat(stage).isCompletedExceptionally();
        assertThat(stage.handle((value, failure) -> failure).join())
                .isInstanceOf(StoreUnavailableException.class);
    }
}
