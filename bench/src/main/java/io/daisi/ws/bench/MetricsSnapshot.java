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

    /** One snapshot per instance, in the order given. */
    static List<MetricsSnapshot> scrapeAll(Http http, List<Gateway> gateways) throws IOException, InterruptedException {
        List<MetricsSnapshot> all = new ArrayList<>(gateways.size());
        for (Gateway g : gateways) {
            all.add(scrape(http, g));
        }
        return all;
    }

    /** As {@link #scrapeAll}, or {@code fallback} when a scrape fails (a run's figures go on from it). */
    static List<MetricsSnapshot> scrapeAllOr(Http http, List<Gateway> gateways, List<MetricsSnapshot> fallback) {
        try {
            return scrapeAll(http, gateways);
        } catch (IOException | RuntimeException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
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

    /** {@code name} summed over all its label sets; empty when absent. */
    OptionalDouble sum(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).mapToDouble(Sample::value)
                .reduce(Double::sum);
    }

    /** How much a counter rose since {@code before} (absent counts as 0). */
    double increaseSince(MetricsSnapshot before, String name, String labels) {
        return value(name, labels).orElse(0) - before.value(name, labels).orElse(0);
    }

    /** A gauge or counter without labels; 0 when absent. */
    double value(String name) {
        return value(name, "").orElse(0);
    }

    /** The histogram {@code name} (buckets, sum and count) summed over its label sets; empty when absent. */
    ServerHistogram histogram(String name) {
        return histogram(name, "");
    }

    /**
     * The histogram {@code name} summed over the label sets that contain {@code labels} (e.g.
     * {@code path="forwarded"}; "" = all), so a label added to it later does not hide it.
     */
    ServerHistogram histogram(String name, String labels) {
        java.util.TreeMap<Double, Double> byBound = new java.util.TreeMap<>();
        double sum = 0;
        double count = 0;
        for (Sample s : samples) {
            if (!s.labels.contains(labels)) {
                continue;
            }
            if (s.name.equals(name + "_bucket")) {
                int le = s.labels.indexOf("le=\"");
                if (le >= 0) {
                    String bound = s.labels.substring(le + 4, s.labels.indexOf('"', le + 4));
                    byBound.merge(parseValue(bound), s.value, Double::sum);
                }
            } else if (s.name.equals(name + "_sum")) {
                sum += s.value;
            } else if (s.name.equals(name + "_count")) {
                count += s.value;
            }
        }
        double[] bounds = new double[byBound.size()];
        long[] cumulative = new long[byBound.size()];
        int i = 0;
        for (var e : byBound.entrySet()) {
            bounds[i] = e.getKey();
            cumulative[i++] = Math.round(e.getValue());
        }
        return new ServerHistogram(bounds, cumulative, sum, Math.round(count));
    }
}
