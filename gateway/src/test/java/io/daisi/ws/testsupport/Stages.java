package io.daisi.ws.testsupport;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting, bounded, for the outcome of an adapter's CompletionStage. */
public final class Stages {
    private Stages() {
    }

    /** The stage's value; fails the test if it fails or does not complete within {@code max}. */
    public static <T> T await(CompletionStage<T> stage, Duration max) {
        try {
            return stage.toCompletableFuture().get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("stage failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + max, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The stage's failure; fails the test if it succeeds or does not complete within {@code max}. */
    public static Throwable failureOf(CompletionStage<?> stage, Duration max) {
        try {
            stage.toCompletableFuture().get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + max, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the stage to fail");
    }
}
