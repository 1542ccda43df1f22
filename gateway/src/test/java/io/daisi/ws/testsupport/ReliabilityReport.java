package io.daisi.ws.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Results of the fault and fuzz tests, one JSON object per line under
 * {@code gateway/target/reliability/}, for {@code scripts/reliability-report.sh} to turn into
 * docs/RELIABILITY.md. A line is written whether the case passed or not.
 */
public final class ReliabilityReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target", "reliability");

    private ReliabilityReport() {
    }

    /**
     * One fault scenario: its row in the table ({@code order}), what must hold, whether it
     * did, how long it took, the counts, and the first line of the failure if any.
     */
    public static void fault(int order, String scenario, String mustHold, boolean passed, double wallSeconds,
                             Map<String, Object> counts, String notes) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("order", order);
        line.put("scenario", scenario);
        line.put("must_hold", mustHold);
        line.put("passed", passed);
        line.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        line.putAll(counts);
        line.put("notes", notes.length() > 300 ? notes.substring(0, 300) + "…" : notes);
        append("faults.jsonl", line);
    }

    /** One fuzz target: how many generated cases ran, what each had to get, whether all did. */
    public static void fuzz(String target, String level, long cases, boolean passed, String expectation,
                            double cpuSeconds) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("target", target);
        line.put("level", level);
        line.put("cases", cases);
        line.put("passed", passed);
        line.put("expectation", expectation);
        line.put("seconds", Math.round(cpuSeconds * 10) / 10.0);
        append("fuzz.jsonl", line);
    }

    private static synchronized void append(String file, Map<String, Object> line) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(file), JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
