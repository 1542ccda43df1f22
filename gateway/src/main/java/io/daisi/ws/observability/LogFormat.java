package io.daisi.ws.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import java.util.Iterator;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Switches the shipped console appender between the JSON encoder of {@code logback.xml}
 * ({@code log.format: json}, for log collectors) and a one-line pattern for a person at a
 * terminal ({@code text}). Only the appender named {@value #APPENDER} is touched, so a
 * logging setup of one's own ({@code -Dlogback.configurationFile}) stays as it is. A switch
 * on reload stops the appender for a moment: a line logged in that instant may be lost.
 */
public final class LogFormat {

    /** The console appender in {@code logback.xml}, behind the async appender. */
    static final String APPENDER = "CONSOLE";

    static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level %-24.24logger{0} %msg%replace( [%mdc]){' \\[\\]', ''}%n";

    // The encoder logback.xml configured, kept to switch back to json on a reload.
    private static Encoder<ILoggingEvent> jsonEncoder;

    private LogFormat() {
    }

    /** {@code json} or {@code text}; anything else means json. Does nothing without the shipped appender. */
    public static synchronized void apply(String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Optional<OutputStreamAppender<ILoggingEvent>> console = find(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        if (console.isEmpty()) {
            return;
        }
        OutputStreamAppender<ILoggingEvent> appender = console.get();
        if (jsonEncoder == null) {
            jsonEncoder = appender.getEncoder();
        }
        boolean wantText = "text".equals(format);
        if (isText(appender.getEncoder()) == wantText) {
            return;
        }
        Encoder<ILoggingEvent> wanted = wantText ? textEncoder(context) : jsonEncoder;
        // stop/start: the stream is System.out, which a console appender's stop does not close;
        // stop also stops the encoder, so the json one is started again when it comes back
        appender.stop();
        if (!wanted.isStarted()) {
            wanted.start();
        }
        appender.setEncoder(wanted);
        appender.start();
    }

    private static boolean isText(Encoder<ILoggingEvent> encoder) {
        return encoder instanceof PatternLayoutEncoder;
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    @SuppressWarnings("unchecked")
    private static Optional<OutputStreamAppender<ILoggingEvent>> find(AppenderAttachable<ILoggingEvent> parent) {
        Iterator<Appender<ILoggingEvent>> it = parent.iteratorForAppenders();
        while (it.hasNext()) {
            Appender<ILoggingEvent> appender = it.next();
            if (APPENDER.equals(appender.getName()) && appender instanceof OutputStreamAppender<?> stream) {
                return Optional.of((OutputStreamAppender<ILoggingEvent>) stream);
            }
            if (appender instanceof AppenderAttachable<?> nested) {
                Optional<OutputStreamAppender<ILoggingEvent>> found = find((AppenderAttachable<ILoggingEvent>) nested);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
