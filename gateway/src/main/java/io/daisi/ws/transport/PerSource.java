package io.daisi.ws.transport;

import java.util.function.Function;

/**
 * A value made from one source object (a config, or one of its lists) and kept until another
 * object takes that source's place, as a config reload does; the same object is never made again.
 * Sources are compared by identity, as a reload makes new ones. Thread-safe: two threads that race
 * may both make the value, and either is kept.
 */
final class PerSource<S, T> {
    private record Made<S, T>(S source, T value) {
    }

    private final Function<S, T> make;
    private volatile Made<S, T> made;

    PerSource(Function<S, T> make) {
        this.make = make;
    }

    T of(S source) {
        Made<S, T> current = made;
        if (current == null || current.source() != source) {
            current = new Made<>(source, make.apply(source));
            made = current;
        }
        return current.value();
    }
}
