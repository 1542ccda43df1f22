package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    private static Outbound frame(String text) {
        return event(text, 0);
    }

    private static Outbound event(String text, long seq) {
        return new Outbound(text.getBytes(StandardCharsets.UTF_8), FrameType.EVENT, seq, 0,
                io.daisi.ws.events.DeliveryPath.LOCAL, null);
    }

    private static Outbound control(String text) {
        return Outbound.control(FrameType.POSITION, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String next(SendQueue queue) {
        return new String(queue.poll().orElseThrow().frame(), StandardCharsets.UTF_8);
    }

    @Test
    void acceptsUpToCapacityInOrder() {
        SendQueue queue = new SendQueue(3, BackpressurePolicy.DROP_OLDEST);
        assertThat(queue.offer(frame("a"))).isEqualTo(SendQueue.Offer.ACCEPTED);
        assertThat(queue.offer(frame("b"))).isEqualTo(SendQueue.Offer.ACCEPTED);
        assertThat(queue.offer(frame("c"))).isEqualTo(SendQueue.Offer.ACCEPTED);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(next(queue)).isEqualTo("a");
        assertThat(next(queue)).isEqualTo("b");
        assertThat(next(queue)).isEqualTo("c");
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void dropOldestKeepsTheNewestMessages() {
        SendQueue queue = new SendQueue(2, BackpressurePolicy.DROP_OLDEST);
        queue.offer(frame("1"));
        queue.offer(frame("2"));
        assertThat(queue.offer(frame("3"))).isEqualTo(SendQueue.Offer.DROPPED_OLDEST);
        assertThat(queue.offer(frame("4"))).isEqualTo(SendQueue.Offer.DROPPED_OLDEST);
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.overCapacity()).isFalse();
        assertThat(next(queue)).isEqualTo("3");
        assertThat(next(queue)).isEqualTo("4");
    }

    @Test
    void blockHoldsMessagesBeyondCapacityUpToTwiceIt() {
        SendQueue queue = new SendQueue(2, BackpressurePolicy.BLOCK);
        queue.offer(frame("1"));
        queue.offer(frame("2"));
        assertThat(queue.offer(frame("3"))).isEqualTo(SendQueue.Offer.OVER_CAPACITY);
        assertThat(queue.overCapacity()).isTrue();
        assertThat(queue.offer(frame("4"))).isEqualTo(SendQueue.Offer.OVER_CAPACITY);
        assertThat(queue.offer(frame("5"))).isEqualTo(SendQueue.Offer.HARD_LIMIT);
        assertThat(queue.size()).isEqualTo(4);
        assertThat(next(queue)).isEqualTo("1");
        assertThat(next(queue)).isEqualTo("2");
        assertThat(queue.overCapacity()).isFalse();
        assertThat(next(queue)).isEqualTo("3");
    }

    @Test
    void catchUpRefusesEventsBeyondCapacityButNeverControlFrames() {
        SendQueue queue = new SendQueue(2, BackpressurePolicy.CATCH_UP);
        queue.offer(event("1", 7));
        queue.offer(event("2", 5));
        assertThat(queue.offer(event("3", 9))).isEqualTo(SendQueue.Offer.REFUSED);
        queue.force(control("p"));
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.events()).isEqualTo(2);
        assertThat(queue.lowestSeq()).hasValue(5);
        assertThat(next(queue)).isEqualTo("1");
        assertThat(queue.events()).isEqualTo(1);
        assertThat(queue.offer(event("4", 11))).isEqualTo(SendQueue.Offer.ACCEPTED);
        assertThat(next(queue)).isEqualTo("2");
        assertThat(next(queue)).isEqualTo("p");
        assertThat(next(queue)).isEqualTo("4");
        assertThat(queue.lowestSeq()).isEmpty();
    }

    @Test
    void dropOldestDropsEventsOnlyAndCanBeAskedForByOneOffer() {
        SendQueue queue = new SendQueue(2, BackpressurePolicy.CATCH_UP);
        queue.force(control("ready"));
        queue.offer(event("1", 1));
        queue.offer(event("2", 2));
        assertThat(queue.offer(event("no-seq", 0), BackpressurePolicy.DROP_OLDEST))
                .isEqualTo(SendQueue.Offer.DROPPED_OLDEST);
        assertThat(next(queue)).isEqualTo("ready");
        assertThat(next(queue)).isEqualTo("2");
        assertThat(next(queue)).isEqualTo("no-seq");
    }

    @Test
    void clearEmptiesTheQueue() {
        SendQueue queue = new SendQueue(5, BackpressurePolicy.BLOCK);
        queue.offer(frame("x"));
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new SendQueue(0, BackpressurePolicy.BLOCK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyNamesFromConfig() {
        assertThat(BackpressurePolicy.fromConfig("drop_oldest")).isEqualTo(BackpressurePolicy.DROP_OLDEST);
        assertThat(BackpressurePolicy.fromConfig("block")).isEqualTo(BackpressurePolicy.BLOCK);
        assertThat(BackpressurePolicy.fromConfig("catch_up")).isEqualTo(BackpressurePolicy.CATCH_UP);
        assertThatThrownBy(() -> BackpressurePolicy.fromConfig("drop_newest")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The queue's ring against a model of what it keeps (a deque with the same rules), over random
     * offers, forced frames, polls and clears that wrap the ring, grow it and drop from its middle.
     */
    @Test
    void behavesAsADequeOverRandomOperations() {
        for (BackpressurePolicy policy : BackpressurePolicy.values()) {
            Random random = new Random(policy.ordinal());
            SendQueue queue = new SendQueue(5, policy);
            ArrayDeque<Outbound> model = new ArrayDeque<>();
            long seq = 0;
            for (int op = 0; op < 100_000; op++) {
                int kind = random.nextInt(100);
                if (kind < 45) {
                    Outbound event = event("e" + op, ++seq);
                    SendQueue.Offer offer = queue.offer(event);
                    long queuedEvents = model.stream().filter(Outbound::isEvent).count();
                    if (offer == SendQueue.Offer.DROPPED_OLDEST) {
                        Iterator<Outbound> it = model.iterator();
                        while (it.hasNext()) {
                            if (it.next().isEvent()) {
                                it.remove();
                                break;
                            }
                        }
                    }
                    if (offer != SendQueue.Offer.REFUSED && offer != SendQueue.Offer.HARD_LIMIT) {
                        model.addLast(event);
                    } else {
                        assertThat(queuedEvents).isGreaterThanOrEqualTo(5);
                    }
                } else if (kind < 55) {
                    Outbound control = control("c" + op);
                    queue.force(control);
                    model.addLast(control);
                } else if (kind < 99) {
                    assertThat(queue.poll()).isEqualTo(Optional.ofNullable(model.pollFirst()));
                } else {
                    queue.clear();
                    model.clear();
                }
                assertThat(queue.size()).isEqualTo(model.size());
                assertThat(queue.events()).isEqualTo((int) model.stream().filter(Outbound::isEvent).count());
                OptionalLong lowest = model.stream().filter(f -> f.seq() > 0).mapToLong(Outbound::seq).min();
                assertThat(queue.lowestSeq()).isEqualTo(lowest);
            }
        }
    }
}
