package io.daisi.ws.transport;

import java.util.Optional;
import java.util.OptionalLong;

/** The {@code ?since=<seq>} of a reconnecting client (SPEC §6): the position it resumes from. */
final class SinceParameter {
    private SinceParameter() {
    }

    /**
     * Empty when absent.
     *
     * @throws IllegalArgumentException when it is not a non-negative integer
     */
    static OptionalLong parse(QueryParams query) {
        Optional<String> raw = query.first("since");
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= 0) {
                return OptionalLong.of(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("since must be a non-negative integer (the last position received)");
    }
}
