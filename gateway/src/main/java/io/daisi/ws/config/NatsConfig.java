package io.daisi.ws.config;

public record NatsConfig(
        String url,
        String streamName,
        String consumerName,
        String subjectPrefix,
        boolean createStream,
        int maxDeliver,
        /* "shared" (one consumer for all pods) or "per_pod" (each pod reads the whole stream) */
        String deliveryMode,
        int perPodInactiveThresholdSeconds,
        int connectTimeoutSeconds,
        int reconnectWaitSeconds,
        /* -1 = reconnect forever */
        int maxReconnects,
        int pingIntervalSeconds,
        int maxPingsOut,
        boolean retryOnFailedConnect,
        String user,
        String password,
        String token,
        String credsFile,
        boolean tls,
        String tlsCaFile,
        String tlsCertFile,
        String tlsKeyFile) {
}
