package io.daisi.ws.config;

public record LogConfig(
        /* trace, debug, info, warn, error */
        String level) {
}
