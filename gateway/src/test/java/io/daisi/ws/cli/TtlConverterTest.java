package io.daisi.ws.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TtlConverterTest {

    private final TtlConverter converter = new TtlConverter();

    @Test
    void secondsAndUnits() {
        assertThat(converter.convert("3600")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void refusesWhatIsNotALifetime() {
        for (String bad : new String[] {"", "0", "0h", "-5", "1.5h", "1w", "h", "1 h x", "9999999999"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
    }
}
