package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void readsValuesFlagsAndDefaults() {
        Options o = Options.parse(new String[] {"--count", "5", "--json", "--gateway=http://127.0.0.1:9"});
        assertThat(o.requiredInteger("count", 1, 10)).isEqualTo(5);
        assertThat(o.flag("json")).isTrue();
        assertThat(o.string("gateway", "x")).isEqualTo("http://127.0.0.1:9");
        assertThat(o.integer("hold-seconds", 10, 0, 60)).isEqualTo(10);
        o.rejectUnknown();
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThatThrownBy(() -> Options.parse(new String[] {"count"})).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Options.parse(new String[] {"--a", "1", "--a", "2"}))
                .hasMessage("--a given twice");
        Options o = Options.parse(new String[] {"--count", "x", "--typo", "1"});
        assertThatThrownBy(() -> o.integer("count", 1, 1, 9)).hasMessageContaining("whole number");
        assertThatThrownBy(o::rejectUnknown).hasMessage("unknown option --typo");
        assertThatThrownBy(() -> Options.parse(new String[0]).requiredInteger("events", 1, 9))
                .hasMessage("--events is required");
        assertThatThrownBy(() -> ConnectionsScenario.socketCount(Options.parse(new String[] {"--count",
                String.valueOf(ConnectionsScenario.MAX_SOCKETS + 1)}),
                "count")).hasMessageContaining("20,000 open files");
    }
}
