package io.daisi.ws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogLevelTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level original = root.getLevel();

    @AfterEach
    void restore() {
        root.setLevel(original);
    }

    @Test
    void setsTheRootLevelInAnyCase() {
        LogLevel.apply("warn");
        assertThat(root.getLevel()).isEqualTo(Level.WARN);

        LogLevel.apply("TRACE");
        assertThat(root.getLevel()).isEqualTo(Level.TRACE);
    }

    @Test
    void unknownNameMeansInfo() {
        LogLevel.apply("loud");

        assertThat(root.getLevel()).isEqualTo(Level.INFO);
    }
}
