package io.daisi.ws.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's results: each figure once, under a JSON key, with a label and a
 * human form. Printed as an aligned text summary and as one JSON line.
 */
final class Report {
    private record Line(String label, String human) {
    }

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final String scenario;

    Report(String scenario) {
        this.scenario = scenario;
        json.put("scenario", scenario);
    }

    /** A figure shown as {@code String.valueOf(value)}. */
    Report add(String key, String label, Object value) {
        return add(key, label, value, String.valueOf(value));
    }

    /** A figure whose human form differs from its JSON value (units, rounding, detail). */
    Report add(String key, String label, Object value, String human) {
        if (json.containsKey(key)) {
            throw new IllegalArgumentException("figure " + key + " reported twice");
        }
        json.put(key, value);
        lines.add(new Line(label, human));
        return this;
    }

    /** Notes a problem when {@code count} is above 0: the run finished, but not cleanly. */
    Report problemIf(long count, String what) {
        if (count > 0) {
            problems.add(count + " " + what);
        }
        return this;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    String human() {
        int width = lines.stream().mapToInt(l -> l.label.length()).max().orElse(0);
        StringBuilder b = new StringBuilder("== daisi-ws bench: ").append(scenario).append(" ==\n");
        for (Line l : lines) {
            b.append("  ").append(l.label).append(" ".repeat(width - l.label.length())).append("  ")
                    .append(l.human).append('\n');
        }
        b.append("  result: ").append(ok() ? "OK" : "PROBLEMS: " + String.join("; ", problems)).append('\n');
        return b.toString();
    }

    String jsonLine() {
        Map<String, Object> all = new LinkedHashMap<>(json);
        all.put("ok", ok());
        all.put("problems", problems);
        try {
            return Http.JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rate or ratio rounded to 0.1 for both forms. */
    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
