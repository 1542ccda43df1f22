package io.daisi.ws.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config PATH}, shared by every command that reads the configuration. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "PATH",
            description = "Configuration file (else $DAISI_WS_CONFIG, else ./config/config.yaml, else built-in defaults). "
                    + "Every key can be overridden by DAISI_WS_<SECTION>_<KEY>.")
    private Optional<Path> path = Optional.empty();

    Optional<Path> path() {
        return path;
    }
}
