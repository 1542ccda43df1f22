package io.daisi.ws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** log.format switches the shipped console appender's encoder, both ways, and leaves other appenders alone. */
class LogFormatTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    // like a ConsoleAppender: (re)opens its stream on every start
    private final OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>() {
        @Override
        public void start() {
            setOutputStream(out);
            super.start();
        }
    };
    private final org.slf4j.Logger log = LoggerFactory.getLogger("io.daisi.ws.observability.LogFormatTest");

    @BeforeEach
    void attachAConsoleLikeTheShippedOne() {
        LogstashEncoder json = new LogstashEncoder();
        json.setContext(context);
        json.start();
        console.setName(LogFormat.APPENDER);
        console.setContext(context);
        console.setEncoder(json);
        console.start();
        root.addAppender(console);
    }

    @AfterEach
    void detach() {
        root.detachAppender(console);
        console.stop();
    }

    private String lastLine() {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void textIsOneReadableLineWithTheContextAndJsonComesBack() {
        LogFormat.apply("text");
        try (LogContext ignored = LogContext.with("company_id", "c1")) {
            log.info("hello {}", "there");
        }
        assertThat(lastLine()).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO +LogFormatTest +hello there \\[company_id=c1\\]");

        log.info("no context");
        assertThat(lastLine()).endsWith("no context");

        LogFormat.apply("json");
        log.info("as json");
        assertThat(lastLine()).startsWith("{").contains("\"message\":\"as json\"");
        assertThat(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty()).isTrue();
    }
}
