package io.daisi.ws.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level at run time, so {@code log.level} can change on reload. */
public final class LogLevel {

    private LogLevel() {
    }

    /**
     * Sets the root logger to {@code level} (trace, debug, info, warn or error, any case);
     * an unknown name means info. Does nothing when SLF4J is not bound to Logback.
     */
    public static void apply(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
