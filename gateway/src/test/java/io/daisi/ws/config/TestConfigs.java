package io.daisi.ws.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Loaders over temporary files and injected environments. */
final class TestConfigs {

    /** The shipped file, as seen from the gateway module (Surefire's working directory). */
    static final Path SHIPPED_FILE = Path.of("..", "config", "config.yaml");

    private TestConfigs() {
    }

    static Path write(Path file, String yaml) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loader reading {@code file} and {@code env}, with {@code dir} as working directory. */
    static ConfigLoader loader(Path file, Map<String, String> env) {
        return new ConfigLoader(Optional.of(file), env, file.toAbsolutePath().getParent());
    }

    /** A loader with no file: built-in defaults and {@code env}; {@code dir} must have no config/ folder. */
    static ConfigLoader defaultsOnly(Path dir, Map<String, String> env) {
        return new ConfigLoader(Optional.empty(), env, dir);
    }
}
