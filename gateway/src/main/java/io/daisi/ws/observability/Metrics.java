package io.daisi.ws.observability;

import io.daisi.ws.auth.AuthFailure;
import io.daisi.ws.cluster.GrpcMetrics;
import io.daisi.ws.events.DeliveryPath;
import io.daisi.ws.events.EventKind;
import io.daisi.ws.events.jetstream.JetStreamMetrics;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.renewal.TtlMetrics;
import io.daisi.ws.routing.RoutingMetrics;
import io.daisi.ws.session.SessionMetrics;
import io.daisi.ws.session.UserType;
import io.daisi.ws.transport.FrameType;
import io.daisi.ws.transport.MetricsExposition;
import io.daisi.ws.transport.SocketMetrics;
import io.daisi.ws.transport.TransportMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Every metric the gateway exports, in one registry per gateway instance (so two
 * gateways in one JVM, as in tests, don't collide). Names are the reference's;
 * labels are bounded: never a session key, user id, chat id or subject.
 *
 * <p>The packages say what happened through ports they own ({@code SessionMetrics},
 * {@code RoutingMetrics}, {@code TtlMetrics}, {@code JetStreamMetrics}, {@code GrpcMetrics},
 * {@code SocketMetrics}, {@code TransportMetrics}); this class implements them, so it imports
 * those packages and none of them imports it. Only the composition root holds a {@code Metrics}.
 */
public final class Metrics implements SessionMetrics, RoutingMetrics, TtlMetrics, JetStreamMetrics,
        MetricsExposition {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Gauge activeConnections = Gauge.builder()
            .name("dws_active_connections").help("Number of active WebSocket connections.")
            .labelNames("endpoint").register(registry);
    private final Counter connectionsTotal = Counter.builder()
            .name("dws_connections_total").help("WebSocket connections established (successful handshakes).")
            .labelNames("endpoint").register(registry);
    private final Counter connectionsRefused = Counter.builder()
            .name("dws_connections_refused_total").help("WebSocket upgrade requests refused, by error code.")
            .labelNames("code").register(registry);
    private final Histogram connectionDuration = Histogram.builder()
            .name("dws_connection_duration_seconds").help("Duration of WebSocket connections.")
            .classicOnly().classicUpperBounds(1, 10, 60, 300, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600)
            .register(registry);
    private final Counter messagesSent = Counter.builder()
            .name("dws_messages_sent_total").help("Messages sent to clients, by message type.")
            .labelNames("type").withoutExemplars().register(registry);
    private final Counter messagesReceived = Counter.builder()
            .name("dws_messages_received_total").help("Messages received from clients, by message type.")
            .labelNames("type").register(registry);
    private final Counter closes = Counter.builder()
            .name("dws_connections_closed_total").help("Sockets closed by the server, by close code.")
            .labelNames("code").register(registry);
    private final Counter natsMessagesReceived = Counter.builder()
            .name("dws_nats_messages_received_total").help("Events received from NATS (or, in standalone mode, the in-process bus), by event kind.")
            .labelNames("kind").register(registry);
    private final Counter eventsInvalid = Counter.builder()
            .name("dws_events_invalid_total").help("Events that were not event JSON or had an unknown subject (acknowledged and dropped).")
            .register(registry);
    private final Counter deliveries = Counter.builder()
            .name("dws_event_deliveries_total").help("Event frames handed to local sockets.")
            .register(registry);
    private final Histogram deliveryLatency = Histogram.builder()
            .name("dws_event_delivery_latency_seconds")
            .help("Time from receiving an event (from NATS or the bus) to writing its frame to a socket; "
                    + "path=forwarded counts from when the source pod took it.")
            .classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .labelNames("path")
            // observed once per frame written: no exemplar sampling on the hot path (there are no traces to link)
            .withoutExemplars()
            .register(registry);
    private final Counter authSuccess = Counter.builder()
            .name("dws_auth_success_total").help("Successful token validations.")
            .labelNames("token_type").register(registry);
    private final Counter authFailure = Counter.builder()
            .name("dws_auth_failure_total").help("Failed token validations.")
            .labelNames("token_type", "reason").register(registry);
    private final Counter sessionConflicts = Counter.builder()
            .name("dws_session_conflicts_total").help("Session conflicts detected (an existing session was taken over).")
            .labelNames("user_type").register(registry);
    private final Counter sessionLockAttempts = Counter.builder()
            .name("dws_session_lock_attempts_total").help("Session lock acquisition attempts.")
            .labelNames("user_type", "lock_type").register(registry);
    private final Counter sessionLockSuccess = Counter.builder()
            .name("dws_session_lock_success_total").help("Session locks acquired.")
            .labelNames("user_type", "lock_type").register(registry);
    private final Counter sessionLockFailure = Counter.builder()
            .name("dws_session_lock_failure_total").help("Session lock acquisitions that failed.")
            .labelNames("user_type", "reason").register(registry);
    private final Counter messagesDropped = Counter.builder()
            .name("dws_websocket_messages_dropped_total").help("Messages dropped from socket send queues.")
            .labelNames("reason").register(registry);
    private final Counter slowClientsDisconnected = Counter.builder()
            .name("dws_websocket_slow_clients_disconnected_total").help("Sockets closed because they did not keep up.")
            .register(registry);
    private final Counter rateLimited = Counter.builder()
            .name("dws_websocket_rate_limited_total").help("Client frames refused by the inbound rate limit.")
            .register(registry);
    private final Counter sessionLockRenewalAttempts = Counter.builder()
            .name("dws_session_lock_renewal_attempts_total").help("Session lock renewals attempted.")
            .labelNames("user_type").register(registry);
    private final Counter sessionLockRenewalSuccess = Counter.builder()
            .name("dws_session_lock_renewal_success_total").help("Session locks renewed (or re-asserted after an outage).")
            .labelNames("user_type").register(registry);
    private final Counter sessionLockRenewalFailure = Counter.builder()
            .name("dws_session_lock_renewal_failure_total")
            .help("Session lock renewals that failed: lost (taken over) or error (store unavailable).")
            .labelNames("user_type", "reason").register(registry);
    private final Counter ttlDecisions = Counter.builder()
            .name("dws_redis_ttl_decision_total").help("TTL decisions at renewal, by key type and reason.")
            .labelNames("key_type", "decision").register(registry);
    private final Histogram ttlCalculated = Histogram.builder()
            .name("dws_redis_ttl_calculated_seconds").help("TTLs chosen at renewal, by key type.")
            .classicOnly().classicExponentialUpperBounds(1, 2, 16)
            .labelNames("key_type").register(registry);
    private final Histogram activityAge = Histogram.builder()
            .name("dws_redis_activity_age_seconds").help("Age of the activity mark a TTL decision was based on.")
            .classicOnly().classicExponentialUpperBounds(1, 2, 16)
            .labelNames("key_type").register(registry);

    private final Gauge catchUpActive = Gauge.builder()
            .name("dws_catchup_active").help("Sockets reading what they missed from the history now (catch-up or since recovery).")
            .register(registry);
    private final Counter catchUpStarted = Counter.builder()
            .name("dws_catchup_started_total").help("Times a socket started reading from the history (fell behind, or reconnected with since).")
            .register(registry);
    private final Counter catchUpEvents = Counter.builder()
            .name("dws_catchup_events_total").help("Events written to sockets from the history rather than live.")
            .register(registry);
    private final Counter slowConsumerCloses = Counter.builder()
            .name("dws_slow_consumer_closes_total").help("Sockets closed with SlowConsumer (4408).")
            .register(registry);
    private final SocketMetrics socketMetrics = new PrometheusSocketMetrics();
    private final TransportMetrics transportMetrics = new PrometheusTransportMetrics();

    /** The transport's view of the metrics: connections, tokens, client frames, and each socket's. */
    public TransportMetrics transport() {
        return transportMetrics;
    }

    private final class PrometheusSocketMetrics implements SocketMetrics {
        private final CounterDataPoint eventsSent = messagesSent.labelValues(FrameType.EVENT.label());
        private final DistributionDataPoint localLatency = deliveryLatency.labelValues(DeliveryPath.LOCAL.label());
        private final DistributionDataPoint forwardedLatency =
                deliveryLatency.labelValues(DeliveryPath.FORWARDED.label());

        private final Map<FrameType, CounterDataPoint> sentByType = new EnumMap<>(FrameType.class);
        private final Map<DropReason, CounterDataPoint> droppedByReason = new EnumMap<>(DropReason.class);

        {
            for (FrameType type : FrameType.values()) {
                sentByType.put(type, messagesSent.labelValues(type.label()));
            }
            // resolved once: under drop_oldest a saturated socket drops a frame for every event offered
            for (DropReason reason : DropReason.values()) {
                droppedByReason.put(reason, messagesDropped.labelValues(reason.label()));
            }
        }

        @Override
        public void frameWritten(FrameType type) {
            sentByType.get(type).inc();
        }

        @Override
        public void eventWritten(long latencyNanos, DeliveryPath path) {
            eventsSent.inc();
            if (latencyNanos > 0) {
                (path == DeliveryPath.FORWARDED ? forwardedLatency : localLatency).observe(latencyNanos / 1e9);
            }
        }

        @Override
        public void dropped(DropReason reason, int count) {
            droppedByReason.get(reason).inc(count);
        }

        @Override
        public void catchUpStarted() {
            catchUpStarted.inc();
            catchUpActive.inc();
        }

        @Override
        public void catchUpEnded() {
            catchUpActive.dec();
        }

        @Override
        public void caughtUp(int events) {
            if (events > 0) {
                catchUpEvents.inc(events);
            }
        }

        @Override
        public void slowConsumerClosed() {
            slowConsumerCloses.inc();
            slowClientsDisconnected.inc();
        }

        @Override
        public void closed(int code) {
            closes.labelValues(Integer.toString(code)).inc();
        }
    }

    private final class PrometheusTransportMetrics implements TransportMetrics {
        @Override
        public SocketMetrics sockets() {
            return socketMetrics;
        }

        @Override
        public void authSucceeded(UserType type) {
            authSuccess.labelValues(type.label()).inc();
        }

        @Override
        public void authFailed(UserType type, AuthFailure reason) {
            authFailure.labelValues(type.label(), reason.label()).inc();
        }

        @Override
        public void authPathMismatch() {
            authFailure.labelValues(UserType.USER.label(), "path_mismatch").inc();
        }

        @Override
        public void refused(ErrorCode code) {
            connectionsRefused.labelValues(code.wireName()).inc();
        }

        @Override
        public void socketOpened(UserType type) {
            connectionsTotal.labelValues(type.label()).inc();
            activeConnections.labelValues(type.label()).inc();
        }

        @Override
        public void socketClosed(UserType type, long openNanos) {
            activeConnections.labelValues(type.label()).dec();
            connectionDuration.observe(openNanos / 1e9);
        }

        @Override
        public void selectChatReceived() {
            messagesReceived.labelValues("select_chat").inc();
        }

        @Override
        public void invalidMessageReceived() {
            messagesReceived.labelValues("invalid").inc();
        }

        @Override
        public void rateLimited() {
            rateLimited.inc();
        }

        @Override
        public void sendQueues(DoubleSupplier queued, DoubleSupplier capacity) {
            GaugeWithCallback.builder().name("dws_websocket_buffer_used_count")
                    .help("Messages waiting in socket send queues, summed over this pod's sockets.")
                    .callback(cb -> cb.call(queued.getAsDouble())).register(registry);
            GaugeWithCallback.builder().name("dws_websocket_buffer_capacity_count")
                    .help("Send-queue capacity, summed over this pod's sockets.")
                    .callback(cb -> cb.call(capacity.getAsDouble())).register(registry);
        }
    }

    public Metrics() {
        JvmMetrics.builder().register(registry);
        // Known label values start at zero so dashboards and alerts see them before the first event.
        for (UserType endpoint : UserType.values()) {
            activeConnections.labelValues(endpoint.label()).set(0);
            connectionsTotal.labelValues(endpoint.label());
        }
        for (String kind : new String[] {"chats", "messages", "agents"}) {
            natsMessagesReceived.labelValues(kind);
        }
        // messages sent and dropped by type and reason: resolved once by the socket metrics, from zero
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void delivered(int sockets) {
        if (sockets > 0) {
            deliveries.inc(sockets);
        }
    }

    @Override
    public void lockRenewal(UserType type, String result) {
        sessionLockRenewalAttempts.labelValues(type.label()).inc();
        switch (result) {
            case "renewed", "reasserted" -> sessionLockRenewalSuccess.labelValues(type.label()).inc();
            default -> sessionLockRenewalFailure.labelValues(type.label(), result).inc();
        }
    }

    @Override
    public void ttlDecided(String keyType, String decision, long ttlSeconds) {
        ttlDecisions.labelValues(keyType, decision).inc();
        ttlCalculated.labelValues(keyType).observe(ttlSeconds);
    }

    @Override
    public void activityAge(String keyType, double seconds) {
        activityAge.labelValues(keyType).observe(seconds);
    }

    @Override
    public void lockAttempt(UserType type, String lockType) {
        sessionLockAttempts.labelValues(type.label(), lockType).inc();
    }

    @Override
    public void lockSuccess(UserType type, String lockType) {
        sessionLockSuccess.labelValues(type.label(), lockType).inc();
    }

    @Override
    public void lockFailure(UserType type, String reason) {
        sessionLockFailure.labelValues(type.label(), reason).inc();
    }

    @Override
    public void sessionConflict(UserType type) {
        sessionConflicts.labelValues(type.label()).inc();
    }

    // --- JetStream consumer (JetStreamMetrics) ---
    private final Counter natsMessagesAcked = Counter.builder()
            .name("dws_nats_messages_acked_total").help("Events delivered and acknowledged to JetStream.")
            .register(registry);
    private final Counter natsMessagesNacked = Counter.builder()
            .name("dws_nats_messages_nacked_total").help("Events whose delivery failed and that were NAKed for redelivery.")
            .register(registry);
    private final Counter natsMessagesDropped = Counter.builder()
            .name("dws_nats_messages_dropped_total")
            .help("Events terminated after nats.max_deliver failed delivery attempts.")
            .register(registry);

    @Override
    public void received(EventKind kind) {
        natsMessagesReceived.labelValues(kind.wireName()).inc();
    }

    @Override
    public void invalid() {
        eventsInvalid.inc();
    }

    @Override
    public void acked() {
        natsMessagesAcked.inc();
    }

    @Override
    public void nacked() {
        natsMessagesNacked.inc();
    }

    @Override
    public void dropped() {
        natsMessagesDropped.inc();
    }

    // ---- Cross-pod gRPC (io.daisi.ws.cluster): labels are outcomes only, never pod ids ----

    private final Counter grpcMessagesSent = Counter.builder()
            .name("dws_grpc_messages_sent_total")
            .help("Events forwarded to peer pods, by outcome (ok, failed, rejected, circuit_open).")
            .labelNames("status").register(registry);
    private final Counter grpcMessagesReceived = Counter.builder()
            .name("dws_grpc_messages_received_total")
            .help("Events received from peer pods, by result (ok, invalid, failed).")
            .labelNames("result").register(registry);
    private final Histogram grpcBatchEvents = Histogram.builder()
            .name("dws_grpc_batch_events")
            .help("Events per PushEvents call to a peer pod: 1 at light load, more while bursts coalesce.")
            .classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
            .register(registry);
    private final Counter grpcRetryAttempts = Counter.builder()
            .name("dws_grpc_forward_retry_attempts_total").help("Forwards retried after a transient failure.")
            .register(registry);
    private final Counter grpcRetrySuccess = Counter.builder()
            .name("dws_grpc_forward_retry_success_total").help("Retried forwards that succeeded on the retry.")
            .register(registry);
    private final Counter grpcRetryFailure = Counter.builder()
            .name("dws_grpc_forward_retry_failure_total").help("Retried forwards that failed on the retry too.")
            .register(registry);
    private final Gauge grpcPoolSize = Gauge.builder()
            .name("dws_grpc_pool_size").help("Channels to peer pods in the gRPC client pool.")
            .register(registry);
    private final Counter grpcPoolCreated = Counter.builder()
            .name("dws_grpc_pool_connections_created_total").help("Channels to peer pods created by the pool.")
            .register(registry);
    private final Counter grpcPoolClosed = Counter.builder()
            .name("dws_grpc_pool_connections_closed_total")
            .help("Channels to peer pods closed by the pool, by reason (idle, health_fail, circuit_trip, shutdown).")
            .labelNames("reason").register(registry);
    private final Counter grpcPoolErrors = Counter.builder()
            .name("dws_grpc_pool_connection_errors_total")
            .help("Failed calls and health checks on channels to peer pods.")
            .register(registry);
    private final Counter grpcCircuitTripped = Counter.builder()
            .name("dws_grpc_circuitbreaker_tripped_total").help("Times a peer's circuit breaker opened.")
            .register(registry);
    private final GrpcMetrics grpcMetrics = new PrometheusGrpcMetrics();

    /** The cluster package's view of the gRPC metrics above. */
    public GrpcMetrics grpc() {
        return grpcMetrics;
    }

    private final class PrometheusGrpcMetrics implements GrpcMetrics {
        PrometheusGrpcMetrics() {
            // every label value starts at zero, so dashboards and alerts see it before the first event
            for (SendStatus status : SendStatus.values()) {
                grpcMessagesSent.labelValues(label(status));
            }
            for (ReceiveResult result : ReceiveResult.values()) {
                grpcMessagesReceived.labelValues(label(result));
            }
            for (CloseReason reason : CloseReason.values()) {
                grpcPoolClosed.labelValues(label(reason));
            }
        }

        @Override
        public void sent(SendStatus status) {
            grpcMessagesSent.labelValues(label(status)).inc();
        }

        @Override
        public void received(ReceiveResult result) {
            grpcMessagesReceived.labelValues(label(result)).inc();
        }

        @Override
        public void retryAttempt() {
            grpcRetryAttempts.inc();
        }

        @Override
        public void retrySuccess() {
            grpcRetrySuccess.inc();
        }

        @Override
        public void retryFailure() {
            grpcRetryFailure.inc();
        }

        @Override
        public void poolSize(int channels) {
            grpcPoolSize.set(channels);
        }

        @Override
        public void connectionCreated() {
            grpcPoolCreated.inc();
        }

        @Override
        public void connectionClosed(CloseReason reason) {
            grpcPoolClosed.labelValues(label(reason)).inc();
        }

        @Override
        public void connectionError() {
            grpcPoolErrors.inc();
        }

        @Override
        public void circuitTripped() {
            grpcCircuitTripped.inc();
        }

        @Override
        public void batchSent(int events) {
            grpcBatchEvents.observe(events);
        }

        private static String label(Enum<?> value) {
            return GrpcMetrics.label(value);
        }
    }
}
