package io.daisi.ws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.jetstream.JetStreamMetrics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void jetStreamConsumerCountsAreExported() {
        Metrics metrics = new Metrics();
        JetStreamMetrics jetStream = metrics;
        jetStream.received(EventKind.MESSAGES);
        jetStream.invalid();
        jetStream.acked();
        jetStream.nacked();
        jetStream.nacked();
        jetStream.dropped();

        String scrape = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(scrape)
                .contains("dws_nats_messages_received_total{kind=\"messages\"} 1.0")
                .contains("dws_events_invalid_total 1.0")
                .contains("dws_nats_messages_acked_total 1.0")
                .contains("dws_nats_messages_nacked_total 2.0")
                .contains("dws_nats_messages_dropped_total 1.0");
    }
}
