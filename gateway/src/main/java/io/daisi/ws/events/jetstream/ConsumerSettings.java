package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.AppConfig;
import io.daisi.ws.config.NatsConfig;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.ReplayPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * The durable consumer of this pod, derived from configuration. {@code shared}: one consumer
 * {@code consumer_name} for all pods, each event taken by one pod. {@code per_pod}: consumer
 * {@code {consumer_name}_{pod_id}} that JetStream removes after {@code inactiveThreshold}
 * without this pod. Both start at {@link DeliverPolicy#New} when first created: a new
 * deployment or a new pod forwards live events, it does not replay the stream's history to
 * sockets (clients catch up with {@code ?since=}); an existing durable resumes where it was.
 *
 * @param maxDeliver -1 = unlimited
 * @param retryAfterCap the longest NAK delay a failure's retry-after hint may ask for: the pod
 *                      heartbeat TTL, so an event waiting on a dead peer is retried (and the peer
 *                      skipped) soon after the peer's heartbeat is gone
 */
record ConsumerSettings(String stream, String prefix, String durableName, DeliveryMode mode, Duration ackWait,
                        int maxAckPending, int maxDeliver, Optional<Duration> inactiveThreshold, NakBackoff backoff,
                        Duration retryAfterCap) {

    enum DeliveryMode { SHARED, PER_POD }

    static ConsumerSettings of(NatsConfig nats, AppConfig app, String podId) {
        DeliveryMode mode = "per_pod".equals(nats.deliveryMode()) ? DeliveryMode.PER_POD : DeliveryMode.SHARED;
        String name = mode == DeliveryMode.PER_POD ? nats.consumerName() + "_" + nameToken(podId) : nats.consumerName();
        Optional<Duration> inactive = mode == DeliveryMode.PER_POD
                ? Optional.of(Duration.ofSeconds(Math.max(1, nats.perPodInactiveThresholdSeconds())))
                : Optional.empty();
        return new ConsumerSettings(nats.streamName(), nats.subjectPrefix(), name, mode,
                Duration.ofSeconds(app.natsAckWaitSeconds() > 0 ? app.natsAckWaitSeconds() : 30),
                app.natsMaxAckPending(), nats.maxDeliver() > 0 ? nats.maxDeliver() : -1, inactive, NakBackoff.DEFAULT,
                Duration.ofSeconds(Math.max(1, app.podHeartbeatTtlSeconds())));
    }

    /** A pod id as a consumer name token: anything but letters, digits, '-' and '_' becomes '_'. */
    static String nameToken(String podId) {
        String token = podId.replaceAll("[^A-Za-z0-9_-]", "_");
        return token.isEmpty() ? "_" : token;
    }

    String filterSubject() {
        return prefix + ".>";
    }

    ConsumerConfiguration configuration() {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(durableName)
                .filterSubject(filterSubject())
                .deliverPolicy(DeliverPolicy.New)
                .ackPolicy(AckPolicy.Explicit)
                .replayPolicy(ReplayPolicy.Instant)
                .ackWait(ackWait)
                .maxAckPending(maxAckPending)
                .maxDeliver(maxDeliver);
        inactiveThreshold.ifPresent(b::inactiveThreshold);
        return b.build();
    }

    ConsumerSettings withBackoff(NakBackoff newBackoff) {
        return new ConsumerSettings(stream, prefix, durableName, mode, ackWait, maxAckPending, maxDeliver,
                inactiveThreshold, newBackoff, retryAfterCap);
    }
}
