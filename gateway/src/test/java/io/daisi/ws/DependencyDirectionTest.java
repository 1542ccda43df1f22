package io.daisi.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.testsupport.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Metrics point one way (docs/DECISIONS.md "Metrics through ports"): each package reports through a
 * port it owns, {@code observability.Metrics} implements the ports, and only the composition root
 * (the root package and {@code cli}) holds a {@code Metrics}. The rest of {@code observability}
 * (logging context, request ids, redaction, readiness checks) may be used anywhere because it
 * imports no package of the gateway. Read from the sources, so an offender is named by file.
 */
class DependencyDirectionTest {
    private static final Path MAIN = Repository.file("gateway/src/main/java");
    private static final String BASE = "io/daisi/ws/";
    private static final Pattern OBSERVABILITY_CLASS =
            Pattern.compile("\\bio\\.daisi\\.ws\\.observability\\.(\\w+|\\*)");
    private static final Pattern PROMETHEUS = Pattern.compile("\\bio\\.prometheus\\.");
    private static final Pattern GATEWAY_CLASS = Pattern.compile("\\bio\\.daisi\\.ws\\.((?:[a-z]\\w*\\.)*)[A-Z*]");
    /** Classes of observability that anything may import: they are leaves (see {@link #sharedHelpersAreLeaves}). */
    private static final Set<String> SHARED_HELPERS = Set.of("LogContext", "RequestIds", "LogRedaction",
            "DependencyCheck");

    @Test
    void onlyTheCompositionRootReachesMetricsOrPrometheus() {
        Set<String> offenders = new TreeSet<>();
        for (Path file : sources()) {
            if (isCompositionRoot(file) || isObservability(file)) {
                continue;
            }
            String source = read(file);
            Matcher used = OBSERVABILITY_CLASS.matcher(source);
            while (used.find()) {
                if (!SHARED_HELPERS.contains(used.group(1))) {
                    offenders.add(name(file) + " uses observability." + used.group(1));
                }
            }
            if (PROMETHEUS.matcher(source).find()) {
                offenders.add(name(file) + " uses Prometheus");
            }
        }
        assertThat(offenders).as("report through a port the package owns; observability implements it").isEmpty();
    }

    @Test
    void sharedHelpersAreLeaves() {
        Set<String> offenders = new TreeSet<>();
        for (String helper : SHARED_HELPERS) {
            Path file = MAIN.resolve(BASE + "observability/" + helper + ".java");
            Matcher imported = GATEWAY_CLASS.matcher(read(file));
            while (imported.find()) {
                if (!imported.group(1).equals("observability.")) {
                    offenders.add(name(file) + " uses io.daisi.ws." + imported.group(1) + "*");
                }
            }
        }
        assertThat(offenders).as("a helper every package may use must not depend on any of them").isEmpty();
    }

    private static boolean isCompositionRoot(Path file) {
        String relative = name(file);
        return relative.indexOf('/') < 0 || relative.startsWith("cli/");
    }

    private static boolean isObservability(Path file) {
        return name(file).startsWith("observability/");
    }

    /** The path below {@code io/daisi/ws/}, e.g. {@code transport/WebSocketEndpoint.java}. */
    private static String name(Path file) {
        return MAIN.resolve(BASE).relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN.resolve(BASE))) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertThat(sources).hasSizeGreaterThan(100);
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
