package io.daisi.ws.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
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

    /**
     * This command's {@code --config}, else the one given before the command
     * ({@code daisi-ws --config f.yaml token user ...}), which picocli parses for the root.
     */
    Optional<Path> path(CommandSpec command) {
        return path.or(() -> command.root().userObject() instanceof RootCommand root
                ? root.configFlag() : Optional.empty());
    }
}
