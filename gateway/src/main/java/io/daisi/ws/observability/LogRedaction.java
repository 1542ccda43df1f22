package io.daisi.ws.observability;

import java.util.regex.Pattern;

/**
 * What must be taken out of text before it reaches a log line: the {@code user:password@} of
 * every URL in it (a configured {@code nats://user:pass@host}, or an error message that quotes
 * one).
 */
public final class LogRedaction {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s,\\[\\]]*@");

    private LogRedaction() {
    }

    /** {@code text} with the user info of every URL in it replaced by {@code ***@}; null gives "". */
    public static String urls(String text) {
        return text == null ? "" : USER_INFO.matcher(text).replaceAll("***@");
    }
}
