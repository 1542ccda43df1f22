package io.daisi.ws.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the heap in use from {@code jcmd <pid> GC.heap_info} output (G1, Parallel and Serial print "used NK"). */
final class HeapInfo {
    private static final Pattern USED = Pattern.compile("total[^\\n]*?used (\\d+)K");

    private HeapInfo() {
    }

    static long usedBytes(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("no heap usage in: " + heapInfo);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }
}
