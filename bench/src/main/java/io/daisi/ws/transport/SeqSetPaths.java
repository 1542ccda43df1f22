package io.daisi.ws.transport;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The de-duplication check of every live event on a socket ({@code StreamPosition.live}: "was it
 * given already?", then "it is given now") on 1,000 sockets in shared mode: the stream's events
 * alternate between this pod (in order) and a peer, whose forwarded ones arrive {@code lag}
 * events behind, and the position advances every 64 events to {@code window} events behind the
 * newest. One operation is one event on one socket. In the gateway's package to reach the
 * package-private {@link SeqSet}: run it by name, {@code scripts/bench-jmh.sh SeqSetPaths}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeqSetPaths {
    private static final int SOCKETS = 1_000;

    @Param({"10", "300", "2000"})
    public int lag;

    @Param({"6000"})
    public int window;

    private SeqSet[] sets;
    private long next;

    @Setup
    public void setUp() {
        sets = new SeqSet[SOCKETS];
        for (int i = 0; i < SOCKETS; i++) {
            sets[i] = new SeqSet();
        }
        next = 0;
        // reach the steady state: a full window held on every socket
        for (int i = 0; i < 2 * window; i++) {
            event();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SOCKETS)
    public int event() {
        long g = ++next;
        long seq = (g & 1) == 0 ? g : g - 2L * lag; // this pod's in order; the peer's forwarded, behind
        long safe = g - window;
        int given = 0;
        for (SeqSet set : sets) {
            if (seq > safe && !set.contains(seq)) {
                set.add(seq);
                given++;
            }
        }
        if ((g & 63) == 0 && safe > 0) {
            for (SeqSet set : sets) {
                set.removeUpTo(safe);
            }
        }
        return given;
    }
}
