package io.daisi.ws.cli;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ConfigValidator;
import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.config.LoadedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads and validates the configuration for a command that is not the gateway: warnings and
 * every problem go to stderr (never a value of a secret key: the loader and validator never
 * put one in a message), nothing goes to stdout.
 */
final class EffectiveConfig {

    private EffectiveConfig() {
    }

    /** The valid config, or empty after every problem was printed to {@code err}. */
    static Optional<GatewayConfig> load(CliEnvironment environment, Optional<Path> configFlag, PrintWriter err) {
        LoadedConfig loaded;
        try {
            loaded = environment.loader(configFlag).load();
        } catch (ConfigException e) {
            report(e.problems(), err);
            return Optional.empty();
        }
        loaded.warnings().forEach(warning -> err.println("daisi-ws: warning: " + warning));
        List<String> problems = ConfigValidator.problems(loaded.config());
        if (!problems.isEmpty()) {
            report(problems, err);
            return Optional.empty();
        }
        return Optional.of(loaded.config());
    }

    private static void report(List<String> problems, PrintWriter err) {
        err.println("daisi-ws: invalid configuration:");
        problems.forEach(problem -> err.println("  - " + problem));
        err.flush();
    }
}
