package io.daisi.ws.store.redis;

import io.daisi.ws.store.StoreUnavailableException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Tells a Redis outage from a defect, so that callers can refuse with ServiceUnavailable for the
 * first and report the second as it is.
 */
final class RedisFailures {

    private RedisFailures() {
    }

    /**
     * The stage {@code command} returns, its outage failures replaced as {@link #translate(CompletionStage)}
     * does; also when Lettuce refuses the command on the calling thread (closed or disconnected connection).
     */
    static <T> CompletableFuture<T> attempt(Supplier<? extends CompletionStage<T>> command) {
        try {
            return translate(command.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(e));
        }
    }

    /** {@code stage}, its outage failures replaced by {@link StoreUnavailableException}. */
    static <T> CompletableFuture<T> translate(CompletionStage<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(failure));
            }
        });
        return result;
    }

    /** The failure to report: a {@link StoreUnavailableException} for an outage, else the cause as it is. */
    static Throwable translate(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreUnavailableException || !isOutage(cause)) {
            return cause;
        }
        return new StoreUnavailableException("Redis unavailable: " + cause.getMessage(), cause);
    }

    /** The failure a stage was completed with, without the wrappers the stage API adds. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isOutageItself(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutageItself(Throwable t) {
        return t instanceof RedisConnectionException
                || t instanceof RedisCommandTimeoutException
                // LOADING and BUSY are error replies, but they mean "not now", not "wrong"
                || t instanceof RedisLoadingException
                || t instanceof RedisBusyException
                // Lettuce reports its connection states ("Connection closed", "Currently not
                // connected. Commands are rejected.", "Connection disconnected") with the base class
                // itself; its subclasses are error replies and decoding failures.
                || t.getClass() == RedisException.class
                || t instanceof IOException
                || t instanceof TimeoutException
                // pending commands are cancelled when their connection is closed
                || t instanceof CancellationException;
    }
}
