package io.daisi.ws.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** One scrape of the gateway's {@code /metrics} (Prometheus text format). */
record MetricsSnapshot(List<Sample> samples) {

    /** {@code labels} is the text between the braces, "" when there are none. */
    record Sample(String name, String labels, double value) {
    }

    static MetricsSnapshot scrape(Http http, Gateway gateway) throws IOException, InterruptedException {
        return parse(http.get(gateway.http("/metrics")));
    }

    static MetricsSnapshot parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = brace < 0 ? -1 : line.lastIndexOf('}');
            int nameEnd = brace >= 0 ? brace : line.indexOf(' ');
            if (nameEnd < 0) {
                continue;
            }
            String rest = line.substring(close >= 0 ? close + 1 : nameEnd).strip();
            String value = rest.split("\\s+")[0];
            samples.add(new Sample(line.substring(0, nameEnd), brace >= 0 ? line.substring(brace + 1, close) : "",
                    parseValue(value)));
        }
        return new MetricsSnapshot(List.copyOf(samples));
    }

    static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    OptionalDouble value(String name, String labels) {
        return samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(labels))
                .mapToDouble(Sample::value).findFirst();
    }

    /** How much a counter rose since {@code before} (absent counts as 0). */
    double increaseSince(MetricsSnapshot before, String name, String labels) {
        return value(name, labels).orElse(0) - before.value(name, labels).orElse(0);
    }

    /** A gauge or counter without labels; 0 when absent. */
    double value(String name) {
        return value(name, "").orElse(0);
    }

    /** The histogram {@code name} (buckets, sum and count); empty when absent. */
    ServerHistogram histogram(String name) {
        List<double[]> buckets = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name.equals(name + "_bucket") && s.labels.startsWith("le=\"")) {
                String le = s.labels.substring(4, s.labels.indexOf('"', 4));
                buckets.add(new double[] {parseValue(le), s.value});
            }
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] bounds = new double[buckets.size()];
        long[] cumulative = new long[buckets.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = buckets.get(i)[0];
            cumulative[i] = Math.round(buckets.get(i)[1]);
        }
        return new ServerHistogram(bounds, cumulative, value(name + "_sum"), Math.round(value(name + "_count")));
    }
}
