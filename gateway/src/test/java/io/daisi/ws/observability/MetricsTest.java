package io.daisi.ws.observability;

import static io.daisi.ws.testsupport.MetricSamples.samples;
import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.auth.AuthFailure;
import io.daisi.ws.events.DeliveryPath;
import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.jetstream.JetStreamMetrics;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.session.UserType;
import io.daisi.ws.transport.FrameType;
import io.daisi.ws.transport.SocketMetrics;
import io.daisi.ws.transport.SocketMetrics.DropReason;
import io.daisi.ws.transport.TransportMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each port method moves its series, asserted on the scrape as Prometheus reads it: metric names,
 * label names and label values are what deploy/, OPERATIONS.md and the benchmark read.
 */
class MetricsTest {
    private final Metrics metrics = new Metrics();

    @Test
    void jetStreamConsumerCountsAreExported() {
        JetStreamMetrics jetStream = metrics;
        jetStream.received(EventKind.MESSAGES);
        jetStream.invalid();
        jetStream.acked();
        jetStream.nacked();
        jetStream.nacked();
        jetStream.dropped();

        assertScrapeHas("""
                dws_nats_messages_received_total{kind="messages"} 1.0
                dws_events_invalid_total 1.0
                dws_nats_messages_acked_total 1.0
                dws_nats_messages_nacked_total 2.0
                dws_nats_messages_dropped_total 1.0
                """);
    }

    @Test
    void knownLabelValuesStartAtZero() {
        assertScrapeHas("""
                dws_active_connections{endpoint="user"} 0.0
                dws_active_connections{endpoint="admin"} 0.0
                dws_connections_total{endpoint="user"} 0.0
                dws_connections_total{endpoint="admin"} 0.0
                dws_messages_sent_total{type="ready"} 0.0
                dws_messages_sent_total{type="event"} 0.0
                dws_messages_sent_total{type="error"} 0.0
                dws_messages_sent_total{type="position"} 0.0
                dws_nats_messages_received_total{kind="chats"} 0.0
                dws_nats_messages_received_total{kind="agents"} 0.0
                dws_websocket_messages_dropped_total{reason="buffer_full"} 0.0
                dws_websocket_messages_dropped_total{reason="slow_consumer"} 0.0
                """);
        assertThat(scrape()).as("unknown label values appear when first counted")
                .doesNotContain("dws_auth_failure_total{", "dws_connections_refused_total{");
    }

    @Test
    void socketsOpenAndCloseByEndpoint() {
        TransportMetrics transport = metrics.transport();
        transport.socketOpened(UserType.USER);
        transport.socketOpened(UserType.USER);
        transport.socketOpened(UserType.ADMIN);
        transport.socketClosed(UserType.USER, 2_500_000_000L);

        assertScrapeHas("""
                dws_connections_total{endpoint="user"} 2.0
                dws_connections_total{endpoint="admin"} 1.0
                dws_active_connections{endpoint="user"} 1.0
                dws_active_connections{endpoint="admin"} 1.0
                dws_connection_duration_seconds_bucket{le="1.0"} 0
                dws_connection_duration_seconds_bucket{le="10.0"} 1
                dws_connection_duration_seconds_count 1
                dws_connection_duration_seconds_sum 2.5
                """);
    }

    @Test
    void tokenChecksAndRefusalsByTypeReasonAndCode() {
        TransportMetrics transport = metrics.transport();
        transport.authSucceeded(UserType.USER);
        transport.authSucceeded(UserType.ADMIN);
        transport.authSucceeded(UserType.ADMIN);
        transport.authFailed(UserType.USER, AuthFailure.MISSING);
        transport.authFailed(UserType.ADMIN, AuthFailure.EXPIRED);
        transport.authPathMismatch();
        transport.refused(ErrorCode.RATE_LIMIT_EXCEEDED);
        transport.refused(ErrorCode.INVALID_TOKEN);
        transport.refused(ErrorCode.INVALID_TOKEN);

        assertScrapeHas("""
                dws_auth_success_total{token_type="user"} 1.0
                dws_auth_success_total{token_type="admin"} 2.0
                dws_auth_failure_total{reason="missing",token_type="user"} 1.0
                dws_auth_failure_total{reason="expired",token_type="admin"} 1.0
                dws_auth_failure_total{reason="path_mismatch",token_type="user"} 1.0
                dws_connections_refused_total{code="RateLimitExceeded"} 1.0
                dws_connections_refused_total{code="InvalidToken"} 2.0
                """);
    }

    @Test
    void clientFramesByKind() {
        TransportMetrics transport = metrics.transport();
        transport.selectChatReceived();
        transport.invalidMessageReceived();
        transport.invalidMessageReceived();
        transport.rateLimited();

        assertScrapeHas("""
                dws_messages_received_total{type="select_chat"} 1.0
                dws_messages_received_total{type="invalid"} 2.0
                dws_websocket_rate_limited_total 1.0
                """);
    }

    @Test
    void sendQueuesAreReadAtScrapeTime() {
        int[] queued = {3};
        metrics.transport().sendQueues(() -> queued[0], () -> 64);
        assertScrapeHas("dws_websocket_buffer_used_count 3.0\n");
        queued[0] = 5;
        assertScrapeHas("""
                dws_websocket_buffer_used_count 5.0
                dws_websocket_buffer_capacity_count 64.0
                """);
    }

    @Test
    void socketWritesDropsAndCloses() {
        SocketMetrics sockets = metrics.transport().sockets();
        sockets.frameWritten(FrameType.READY);
        sockets.frameWritten(FrameType.POSITION);
        sockets.eventWritten(2_000_000, DeliveryPath.LOCAL);
        sockets.eventWritten(0, DeliveryPath.LOCAL); // no receive time: counted as sent, not timed
        sockets.eventWritten(30_000_000, DeliveryPath.FORWARDED);
        sockets.dropped(DropReason.BUFFER_FULL, 3);
        sockets.dropped(DropReason.SLOW_CONSUMER, 2);
        sockets.slowConsumerClosed();
        sockets.closed(4408);
        sockets.closed(1001);
        sockets.closed(1001);

        assertScrapeHas("""
                dws_messages_sent_total{type="ready"} 1.0
                dws_messages_sent_total{type="position"} 1.0
                dws_messages_sent_total{type="event"} 3.0
                dws_event_delivery_latency_seconds_bucket{path="local",le="0.0025"} 1
                dws_event_delivery_latency_seconds_count{path="local"} 1
                dws_event_delivery_latency_seconds_bucket{path="forwarded",le="0.025"} 0
                dws_event_delivery_latency_seconds_count{path="forwarded"} 1
                dws_websocket_messages_dropped_total{reason="buffer_full"} 3.0
                dws_websocket_messages_dropped_total{reason="slow_consumer"} 2.0
                dws_slow_consumer_closes_total 1.0
                dws_websocket_slow_clients_disconnected_total 1.0
                dws_connections_closed_total{code="4408"} 1.0
                dws_connections_closed_total{code="1001"} 2.0
                """);
    }

    @Test
    void catchUpsAreActiveUntilTheyEnd() {
        SocketMetrics sockets = metrics.transport().sockets();
        sockets.catchUpStarted();
        sockets.catchUpStarted();
        sockets.caughtUp(40);
        sockets.caughtUp(0);
        sockets.catchUpEnded();

        assertScrapeHas("""
                dws_catchup_started_total 2.0
                dws_catchup_active 1.0
                dws_catchup_events_total 40.0
                """);
    }

    /** Every sample in {@code expected} (lines as exposed: name with labels, space, value) is in the scrape. */
    private void assertScrapeHas(String expected) {
        Map<String, String> wanted = samples(expected);
        Map<String, String> found = new TreeMap<>(samples(scrape()));
        found.keySet().retainAll(wanted.keySet());
        assertThat(found).isEqualTo(wanted);
    }

    private String scrape() {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }
}
