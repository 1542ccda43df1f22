package io.daisi.ws.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Stops Logback so the async appender writes out its queue before the process ends. */
public final class LogShutdown {

    private LogShutdown() {
    }

    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
