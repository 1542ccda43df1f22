package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqSetTest {

    @Test
    void holdsSequencesArrivingInAndOutOfOrderAndForgetsTheLowEnd() {
        SeqSet set = new SeqSet();
        for (long seq : new long[] {5, 6, 9, 7, 12, 8, 6}) {
            set.add(seq);
        }
        assertThat(set.size()).isEqualTo(6);
        for (long seq : new long[] {5, 6, 7, 8, 9, 12}) {
            assertThat(set.contains(seq)).as("contains %d", seq).isTrue();
        }
        assertThat(set.contains(10)).isFalse();
        assertThat(set.contains(4)).isFalse();
        assertThat(set.contains(13)).isFalse();
        assertThat(set.countAbove(7)).isEqualTo(3);
        assertThat(set.countAbove(4)).isEqualTo(6);
        assertThat(set.countAbove(12)).isZero();

        set.removeUpTo(8);
        assertThat(set.contains(8)).isFalse();
        assertThat(set.contains(9)).isTrue();
        assertThat(set.size()).isEqualTo(2);
        set.removeUpTo(100);
        assertThat(set.size()).isZero();
        assertThat(set.countAbove(0)).isZero();
    }

    @Test
    void growsAndCompactsAcrossManyAdditionsAndRemovals() {
        SeqSet set = new SeqSet();
        for (long seq = 1; seq <= 10_000; seq++) {
            set.add(seq);
            if (seq % 100 == 0) {
                set.removeUpTo(seq - 50);
            }
        }
        assertThat(set.size()).isEqualTo(50);
        assertThat(set.contains(9_951)).isTrue();
        assertThat(set.contains(9_950)).isFalse();
        set.add(9_940); // out of order, below everything held
        assertThat(set.contains(9_940)).isTrue();
        assertThat(set.countAbove(9_940)).isEqualTo(50);
    }

    @Test
    void agreesWithASortedSetWhenTwoPodsInterleaveTheirEventsAndTheLowEndMovesOn() {
        // a socket in shared mode: this pod's events in order, another pod's forwarded ones behind them
        java.util.Random random = new java.util.Random(42);
        java.util.TreeSet<Long> model = new java.util.TreeSet<>();
        SeqSet set = new SeqSet();
        long local = 0;
        long forwarded = 0;
        long floor = 0;
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(100);
            long seq;
            if (op < 55) {
                local += 1 + random.nextInt(3);
                seq = local;
            } else if (op < 95) {
                forwarded = Math.min(local, forwarded + 1 + random.nextInt(3));
                seq = forwarded;
            } else {
                floor = Math.min(local, floor + random.nextInt(400));
                set.removeUpTo(floor);
                model.headSet(floor, true).clear();
                continue;
            }
            if (seq > floor) {
                set.add(seq);
                model.add(seq);
            }
            if (step % 1_000 == 0) {
                long probe = floor + random.nextInt(1_000);
                assertThat(set.size()).isEqualTo(model.size());
                assertThat(set.contains(probe)).isEqualTo(model.contains(probe));
                assertThat(set.countAbove(probe)).isEqualTo(model.tailSet(probe, false).size());
            }
        }
        for (long seq = floor; seq <= local + 1; seq++) {
            assertThat(set.contains(seq)).as("contains %d", seq).isEqualTo(model.contains(seq));
        }
    }

    @Test
    void agreesWithASortedSetWithManyInterleavedRunsDuplicatesAndStragglers() {
        java.util.Random random = new java.util.Random(7);
        java.util.TreeSet<Long> model = new java.util.TreeSet<>();
        SeqSet set = new SeqSet();
        int runs = 6;
        long[] next = new long[runs];
        long floor = 0;
        for (int step = 0; step < 300_000; step++) {
            int op = random.nextInt(100);
            long seq;
            if (op < 85) {
                int run = random.nextInt(runs);
                next[run] += 1 + random.nextInt(4);
                seq = next[run] + run * 50L;
            } else if (op < 95) {
                seq = floor + random.nextInt(2_000); // a redelivery or a straggler anywhere
            } else {
                floor += random.nextInt(300);
                set.removeUpTo(floor);
                model.headSet(floor, true).clear();
                continue;
            }
            if (seq > floor) {
                // as StreamPosition does: asks first, adds what it did not find (sometimes adds blindly)
                if (random.nextBoolean()) {
                    assertThat(set.contains(seq)).isEqualTo(model.contains(seq));
                }
                set.add(seq);
                model.add(seq);
            }
            if (step % 500 == 0) {
                long probe = floor + random.nextInt(2_000);
                assertThat(set.size()).isEqualTo(model.size());
                assertThat(set.contains(probe)).isEqualTo(model.contains(probe));
                assertThat(set.countAbove(probe)).isEqualTo(model.tailSet(probe, false).size());
            }
        }
        long top = model.isEmpty() ? floor : model.last();
        for (long seq = floor; seq <= top + 1; seq++) {
            assertThat(set.contains(seq)).as("contains %d", seq).isEqualTo(model.contains(seq));
        }
        set.removeUpTo(top);
        assertThat(set.size()).isZero();
    }
}
