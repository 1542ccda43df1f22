package io.daisi.ws.observability;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: taken from the caller when it sends a sane one, generated otherwise. */
public final class RequestIds {
    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    public static String orGenerate(String candidate) {
        if (candidate != null && !candidate.isBlank() && candidate.length() <= MAX_LENGTH
                && candidate.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '"' && c != '\\')) {
            return candidate;
        }
        return generate();
    }

    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
    }
}
