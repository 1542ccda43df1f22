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
        return of(r.nextLong() | Long.MIN_VALUE, r.nextLong() | Long.MIN_VALUE);
    }

    /**
     * Whether {@code id} has the form {@link #generate} gives (32 lower-case hex digits, each half's
     * top bit set): then {@link #half} and {@link #of} turn it into two longs and back, for what
     * holds an id for long (an open socket) and needs its text only for log lines.
     */
    public static boolean isGenerated(String id) {
        if (id.length() != 2 * HALF || !isTopDigit(id.charAt(0)) || !isTopDigit(id.charAt(HALF))) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Half {@code which} (0 or 1) of a generated id, as a long. */
    public static long half(String generated, int which) {
        return Long.parseUnsignedLong(generated, which * HALF, (which + 1) * HALF, 16);
    }

    /** The id whose halves are {@code high} and {@code low} (each with its top bit set). */
    public static String of(long high, long low) {
        return Long.toHexString(high) + Long.toHexString(low);
    }

    private static final int HALF = 16;

    private static boolean isTopDigit(char c) {
        return (c >= '8' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
