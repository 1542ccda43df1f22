package io.daisi.ws.testsupport;

/**
 * Counts the generated cases of one property and whether any failed, and writes them to the
 * reliability report afterwards ({@link #report()}, from an {@code @AfterProperty} method). jqwik
 * makes a new test instance per property, so one tally field per test class counts one property.
 */
public final class FuzzTally {
    /** A case body that may throw anything an assertion throws. */
    @FunctionalInterface
    public interface Case {
        void run() throws Exception;
    }

    private final long started = System.nanoTime();
    private String level;
    private String target;
    private String expectation;
    private long cases;
    private boolean failed;

    /** Runs one generated case of {@code target}, counting it. */
    public void check(String level, String target, String expectation, Case body) throws Exception {
        this.level = level;
        this.target = target;
        this.expectation = expectation;
        cases++;
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            failed = true;
            throw e;
        }
    }

    public long cases() {
        return cases;
    }

    public void report() {
        if (target != null) {
            ReliabilityReport.fuzz(target, level, cases, !failed, expectation, (System.nanoTime() - started) / 1e9);
        }
    }
}
