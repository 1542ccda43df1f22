package io.daisi.ws.config;

import java.util.List;

public record AppConfig(
        String serviceName,
        String version,
        int pingIntervalSeconds,
        int shutdownTimeoutSeconds,
        int pongWaitSeconds,
        int writeTimeoutSeconds,
        int maxMissedPongs,
        int sessionTtlSeconds,
        int routeTtlSeconds,
        int ttlRefreshIntervalSeconds,
        int podHeartbeatTtlSeconds,
        int natsMaxAckPending,
        int sessionLockRetryDelayMs,
        int natsAckWaitSeconds,
        int grpcClientForwardTimeoutSeconds,
        int readTimeoutSeconds,
        int idleTimeoutSeconds,
        /* disabled, context_takeover, no_context_takeover */
        String websocketCompressionMode,
        int websocketCompressionThreshold,
        boolean websocketDevelopmentInsecureSkipVerify,
        int grpcPoolIdleTimeoutSeconds,
        int grpcPoolHealthCheckIntervalSeconds,
        int grpcCircuitbreakerFailThreshold,
        int grpcCircuitbreakerOpenDurationSeconds,
        int websocketMessageBufferSize,
        /* catch_up (lossless, the default), drop_oldest or block */
        String websocketBackpressureDropPolicy,
        int websocketSlowClientLatencyMs,
        int websocketSlowClientDisconnectThresholdMs,
        /* POST /dev/events in cluster mode (always on in standalone mode) */
        boolean devEndpoints,
        /* empty = any Origin */
        List<String> allowedOrigins,
        /* close (upgrade, error message, close code) or http (status + JSON body) */
        String handshakeErrors,
        int maxInvalidMessages,
        int maxFrameBytes,
        int clientMessagesPerSecond,
        int clientMessagesBurst,
        /* 0 = unlimited */
        int maxConnections,
        boolean allowDegradedSessions,
        int recoveryMaxEvents,
        /* events the in-process bus keeps for since and catch-up (standalone mode) */
        int standaloneHistorySize,
        /* SIGTERM: sockets are closed spread evenly over this many seconds; 0 = all at once */
        int shutdownDrainSeconds,
        /* open sockets (and socket requests in progress) per client IP; 0 = unlimited */
        int maxConnectionsPerIp,
        /* WebSocket handshakes per second per client IP (burst the same); 0 = unlimited */
        int handshakesPerSecondPerIp,
        /* IPs or CIDRs of proxies whose X-Forwarded-For is believed; empty = the TCP peer is the client */
        List<String> trustedProxies) {

    public AppConfig {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
