package io.daisi.ws.config;

public record LogConfig(
        /* trace, debug, info, warn, error */
        String level,
        /* json (one object per line, for collectors) | text (one readable line, for a terminal) */
        String format) {
}
