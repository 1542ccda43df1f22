package io.daisi.ws.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Prometheus histogram in seconds as scraped: bucket upper bounds with cumulative
 * counts, sum and count. Quantiles are bucket bounds, so only as fine as the buckets.
 */
record ServerHistogram(double[] bounds, long[] cumulative, double sum, long count) {

    /** What was observed between {@code before} and this scrape (same buckets). */
    ServerHistogram minus(ServerHistogram before) {
        if (before.bounds.length == 0) {
            return this;
        }
        if (!Arrays.equals(bounds, before.bounds)) {
            throw new IllegalArgumentException("the histogram's buckets changed between scrapes");
        }
        long[] c = new long[cumulative.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cumulative[i] - before.cumulative[i];
        }
        return new ServerHistogram(bounds, c, sum - before.sum, count - before.count);
    }

    /** Upper bound (s) of the bucket holding the {@code q} quantile; NaN when empty. */
    double quantileBound(double q) {
        long total = cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= Math.max(1, rank)) {
                return bounds[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    double meanSeconds() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Non-empty buckets as {@code "le_<bound>" -> count in that bucket}, in bound order. */
    Map<String, Long> bucketCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        long previous = 0;
        for (int i = 0; i < bounds.length; i++) {
            long n = cumulative[i] - previous;
            previous = cumulative[i];
            if (n > 0) {
                m.put("le_" + bound(bounds[i]), n);
            }
        }
        return m;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("mean_us", micros(meanSeconds()));
        m.put("p50_le_us", micros(quantileBound(0.5)));
        m.put("p99_le_us", micros(quantileBound(0.99)));
        m.put("p99_9_le_us", micros(quantileBound(0.999)));
        m.put("buckets", bucketCounts());
        return m;
    }

    String human() {
        if (count == 0) {
            return "no observations";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "n=%d  mean %s  p50 <= %s  p99 <= %s  p99.9 <= %s",
                count, ms(meanSeconds()), ms(quantileBound(0.5)), ms(quantileBound(0.99)),
                ms(quantileBound(0.999))));
        b.append("\n      buckets:");
        bucketCounts().forEach((k, v) -> b.append(' ').append(k.replace("le_", "<=")).append(':').append(v));
        return b.toString();
    }

    private static Object micros(double seconds) {
        if (Double.isNaN(seconds)) {
            return null;
        }
        return Double.isInfinite(seconds) ? "+Inf" : Math.round(seconds * 1e6);
    }

    private static String ms(double seconds) {
        return Double.isInfinite(seconds) ? "+Inf" : String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
    }

    private static String bound(double seconds) {
        return Double.isInfinite(seconds) ? "+Inf" : String.format(Locale.ROOT, "%sms", trim(seconds * 1e3));
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
