package io.daisi.ws.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void aBatchIsSentWholeBeforeAnyReplyIsAwaitedAndTheNextWaitsForIt() {
        List<Integer> items = IntStream.range(0, Batches.SIZE * 2 + 7).boxed().toList();
        List<CompletableFuture<Integer>> pending = new ArrayList<>();

        CompletionStage<java.util.Map<Integer, Integer>> result = Batches.each(items, item -> {
            CompletableFuture<Integer> reply = new CompletableFuture<>();
            pending.add(reply);
            return reply.thenApply(ignored -> item * 2);
        });

        assertThat(pending).hasSize(Batches.SIZE);
        // completing the last reply of a batch sends the next batch at once, hence the copies
        List.copyOf(pending).forEach(reply -> reply.complete(0));
        assertThat(pending).hasSize(Batches.SIZE * 2);
        List.copyOf(pending.subList(Batches.SIZE, pending.size())).forEach(reply -> reply.complete(0));
        assertThat(pending).hasSize(items.size());
        List.copyOf(pending).forEach(reply -> reply.complete(0));

        assertThat(result.toCompletableFuture().join()).hasSize(items.size()).containsEntry(1000, 2000)
                .containsEntry(items.size() - 1, (items.size() - 1) * 2);
        assertThat(result.toCompletableFuture().join().keySet()).containsExactlyElementsOf(items);
    }

    @Test
    void aFailureFailsTheWhole() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletionStage<java.util.Map<Integer, Integer>> result = Batches.each(List.of(1, 2, 3),
                item -> item == 2 ? CompletableFuture.failedFuture(boom) : CompletableFuture.completedFuture(item));

        assertThat(result.toCompletableFuture()).isCompletedExceptionally();
        assertThat(result.toCompletableFuture().handle((value, failure) -> failure.getCause()).join()).isSameAs(boom);
    }

    @Test
    void nothingIsAnEmptyResult() {
        assertThat(Batches.<String, String>each(List.of(), item -> CompletableFuture.completedFuture(item))
                .toCompletableFuture().join()).isEmpty();
    }
}
