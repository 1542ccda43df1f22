package io.daisi.ws.cli;

import io.daisi.ws.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command reads besides its arguments: the environment ({@code DAISI_WS_*}) and the
 * working directory ({@code config/config.yaml}). Passed in so tests run commands in-process
 * with an environment of their own.
 */
public record CliEnvironment(Map<String, String> env, Path workingDir) {

    public CliEnvironment {
        env = Map.copyOf(env);
    }

    public static CliEnvironment forProcess() {
        return new CliEnvironment(System.getenv(), Path.of(""));
    }

    ConfigLoader loader(Optional<Path> configFlag) {
        return new ConfigLoader(configFlag, env, workingDir);
    }
}
