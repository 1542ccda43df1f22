package io.daisi.ws.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.Event;
import io.daisi.ws.events.EventSubject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PeerBatcherTest {
    private final List<PeerBatcher.Batch> sent = new ArrayList<>();
    private final PeerBatcher batcher = new PeerBatcher(sent::add);

    private static PeerBatcher.Pending pending(int seq, int jsonBytes) {
        byte[] json = ("{\"event_id\":\"e" + seq + "\",\"pad\":\"" + "x".repeat(jsonBytes) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Event event = new Event(EventSubject.chats("c", "a"), seq, json, "e" + seq, "r", 0);
        return new PeerBatcher.Pending(event, ForwardedEventCodec.encode(event), new CompletableFuture<>());
    }

    private static List<Long> seqs(PeerBatcher.Batch batch) {
        return batch.events().stream().map(p -> p.event().seq()).toList();
    }

    @Test
    void anEventForAnIdlePeerLeavesAtOnceAlone() {
        batcher.add(pending(1, 10));

        assertThat(sent).singleElement().extracting(PeerBatcherTest::seqs).isEqualTo(List.of(1L));
        assertThat(batcher.idle()).isFalse();
        sent.getFirst().done().run();
        assertThat(batcher.idle()).isTrue();
    }

    @Test
    void eventsWaitWhileABatchIsInFlightAndLeaveTogetherWhenItReturns() {
        batcher.add(pending(1, 10));
        for (int seq = 2; seq <= 5; seq++) {
            batcher.add(pending(seq, 10));
        }
        assertThat(sent).hasSize(1);

        sent.getFirst().done().run();

        assertThat(sent).hasSize(2);
        assertThat(seqs(sent.get(1))).containsExactly(2L, 3L, 4L, 5L);
        sent.get(1).done().run();
        assertThat(batcher.idle()).isTrue();
    }

    @Test
    void aBatchHoldsAtMostMaxEventsAndAboutMaxBytesButAlwaysOneEvent() {
        batcher.add(pending(0, 10));
        for (int seq = 1; seq <= PeerBatcher.MAX_EVENTS + 10; seq++) {
            batcher.add(pending(seq, 10));
        }
        sent.getFirst().done().run();
        assertThat(sent.get(1).events()).hasSize(PeerBatcher.MAX_EVENTS);
        sent.get(1).done().run();
        assertThat(sent.get(2).events()).hasSize(10);
        sent.get(2).done().run();

        // two events of 600 KB each: over 1 MiB together, so one per batch; an oversized one still leaves
        batcher.add(pending(100, 10));
        batcher.add(pending(101, 600_000));
        batcher.add(pending(102, 600_000));
        batcher.add(pending(103, 2_000_000));
        sent.get(3).done().run();
        assertThat(seqs(sent.get(4))).containsExactly(101L);
        sent.get(4).done().run();
        assertThat(seqs(sent.get(5))).containsExactly(102L);
        sent.get(5).done().run();
        assertThat(seqs(sent.get(6))).containsExactly(103L);
    }

    @Test
    void aSenderThatThrowsFailsItsEventsAndTheQueueKeepsMoving() {
        List<PeerBatcher.Batch> later = new ArrayList<>();
        boolean[] first = {true};
        PeerBatcher failing = new PeerBatcher(batch -> {
            if (first[0]) {
                first[0] = false;
                throw new IllegalStateException("bug");
            }
            later.add(batch);
        });
        PeerBatcher.Pending lost = pending(1, 10);
        failing.add(lost);
        assertThat(lost.result()).isCompletedExceptionally();

        failing.add(pending(2, 10));
        assertThat(later).singleElement().extracting(PeerBatcherTest::seqs).isEqualTo(List.of(2L));
    }
}
