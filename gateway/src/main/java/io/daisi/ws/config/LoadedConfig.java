package io.daisi.ws.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ConfigLoader#load()} produced: the (not yet validated) config, the file it
 * read if any, and warnings the caller should log (unknown keys, unknown variables).
 */
public record LoadedConfig(GatewayConfig config, Optional<Path> file, List<String> warnings) {

    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
