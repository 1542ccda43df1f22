package io.daisi.ws.store.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Runs one command per item, pipelined: a batch's commands are all written before any reply is
 * awaited (Lettuce sends back-to-back commands on one connection without waiting), and batches
 * follow each other so that renewing many thousand keys does not queue them all at once.
 */
final class Batches {

    static final int SIZE = 500;

    private Batches() {
    }

    /** Each item's result, in the items' order; fails with the first failure met. */
    static <T, R> CompletionStage<Map<T, R>> each(Iterable<T> items, Function<T, CompletionStage<R>> command) {
        List<List<T>> batches = split(items);
        Map<T, R> results = new LinkedHashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (List<T> batch : batches) {
            chain = chain.thenCompose(ignored -> run(batch, command, results));
        }
        return chain.thenApply(ignored -> Collections.unmodifiableMap(results));
    }

    private static <T, R> CompletionStage<Void> run(List<T> batch, Function<T, CompletionStage<R>> command,
                                                    Map<T, R> results) {
        List<CompletableFuture<R>> replies = new ArrayList<>(batch.size());
        for (T item : batch) {
            replies.add(command.apply(item).toCompletableFuture());
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenRun(() -> {
            // batches run one after the other, so only one thread writes to results at a time
            for (int i = 0; i < batch.size(); i++) {
                results.put(batch.get(i), replies.get(i).join());
            }
        });
    }

    /** The items in lists of at most {@link #SIZE}, in order. */
    static <T> List<List<T>> split(Iterable<T> items) {
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>(SIZE);
        for (T item : items) {
            current.add(item);
            if (current.size() == SIZE) {
                batches.add(current);
                current = new ArrayList<>(SIZE);
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
