package io.daisi.ws.testsupport;

import io.daisi.ws.transport.MetricsExposition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric values read from the exposition text, as Prometheus scrapes it: tests assert what an
 * operator sees, not the fields behind it.
 */
public final class MetricSamples {
    private MetricSamples() {
    }

    /** Every sample of {@code exposition}: name with labels as exposed (e.g. {@code name{label="v"}}) → value. */
    public static Map<String, String> samples(String exposition) {
        Map<String, String> samples = new TreeMap<>();
        exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), line.substring(space + 1));
        });
        return samples;
    }

    /** The value of one sample, named with its labels as exposed (e.g. {@code name{label="v"}}); 0 when absent. */
    public static double sample(String scrape, String sample) {
        return Double.parseDouble(samples(scrape).getOrDefault(sample, "0"));
    }

    /** {@link #sample(String, String)} of {@code metrics}' current scrape. */
    public static double sample(MetricsExposition metrics, String sample) {
        return sample(new String(metrics.scrape(), StandardCharsets.UTF_8), sample);
    }

    /** The sum of every sample of metric {@code name}, whatever its labels. */
    public static double total(String scrape, String name) {
        return samples(scrape).entrySet().stream()
                .filter(sample -> sample.getKey().equals(name) || sample.getKey().startsWith(name + "{"))
                .mapToDouble(sample -> Double.parseDouble(sample.getValue())).sum();
    }
}
