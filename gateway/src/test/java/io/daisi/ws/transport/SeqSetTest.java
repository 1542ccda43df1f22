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
}
