package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceCheckerTest {

    @Test
    void inOrderAndCompleteHasNoProblems() {
        SequenceChecker c = new SequenceChecker();
        for (int i = 0; i < 5; i++) {
            c.accept(100 + i, i);
        }
        assertThat(c.totals(5)).isEqualTo(new SequenceChecker.Totals(1, 5, 5, 0, 0, 0, 0, 1));
    }

    @Test
    void countsMissingDuplicatesOutOfOrderAndForeign() {
        SequenceChecker c = new SequenceChecker();
        c.accept(10, 0);
        c.accept(12, 2);
        c.accept(11, 1);   // new event, seq below the highest seen: out of order
        c.accept(12, 2);   // same event again: duplicate, not also out of order
        c.accept(13, -1);  // not one of the bench's
        SequenceChecker.Totals t = c.totals(5);
        assertThat(t.received()).isEqualTo(5);
        assertThat(t.distinct()).isEqualTo(3);
        assertThat(t.missing()).isEqualTo(2);
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.foreign()).isEqualTo(1);
        assertThat(t.complete()).isZero();
    }

    @Test
    void totalsAddUp() {
        SequenceChecker a = new SequenceChecker();
        a.accept(1, 0);
        SequenceChecker b = new SequenceChecker();
        SequenceChecker.Totals sum = SequenceChecker.Totals.ZERO.plus(a.totals(1)).plus(b.totals(1));
        assertThat(sum).isEqualTo(new SequenceChecker.Totals(2, 1, 1, 1, 0, 0, 0, 1));
    }
}
