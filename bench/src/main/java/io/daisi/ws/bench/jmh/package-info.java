/**
 * JMH micro-benchmarks of the gateway's hot paths (token decrypt, event to frame, subscription
 * matching, forwarded-event encoding), run with {@code scripts/bench-jmh.sh}. They measure the
 * gateway's own classes, not copies; figures belong in docs/BENCHMARKS.md with the machine's state.
 */
package io.daisi.ws.bench.jmh;
