package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void humanSummaryAlignsLabelsAndJsonKeepsOrder() {
        Report r = new Report("fanout")
                .add("sockets_ready", "sockets ready", 300)
                .add("latency", "latency", Map.of("p50_us", 120L), "p50 0.120 ms");
        assertThat(r.human()).isEqualTo("""
                == daisi-ws bench: fanout ==
                  sockets ready  300
                  latency        p50 0.120 ms
                  result: OK
                """);
        assertThat(r.jsonLine()).isEqualTo(
                "{\"scenario\":\"fanout\",\"sockets_ready\":300,\"latency\":{\"p50_us\":120},"
                        + "\"ok\":true,\"problems\":[]}");
    }

    @Test
    void problemsMakeTheRunNotOk() {
        Report r = new Report("connections").add("failures", "failures", 0)
                .problemIf(0, "sockets failed")
                .problemIf(3, "deliveries missing");
        assertThat(r.ok()).isFalse();
        assertThat(r.human()).endsWith("  result: PROBLEMS: 3 deliveries missing\n");
        assertThat(r.jsonLine()).endsWith("\"ok\":false,\"problems\":[\"3 deliveries missing\"]}");
    }

    @Test
    void aFigureIsReportedOnce() {
        Report r = new Report("x").add("a", "a", 1);
        assertThatThrownBy(() -> r.add("a", "again", 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsListReasonsOrNone() {
        assertThat(Scenarios.counts(Map.of())).isEqualTo("none");
        assertThat(Scenarios.counts(new java.util.TreeMap<>(Map.of("close 4403", 2, "timeout", 1))))
                .isEqualTo("close 4403: 2; timeout: 1");
    }
}
