package io.daisi.ws.transport;

import io.daisi.ws.config.AppConfig;

/**
 * The per-socket limits, read from the live config when the socket opens; every socket opened
 * under the same config shares one instance ({@link WebSocketEndpoint}).
 */
record ConnectionSettings(
        int bufferSize,
        BackpressurePolicy policy,
        long pingIntervalNanos,
        long pongWaitNanos,
        long writeTimeoutNanos,
        int maxInvalidMessages,
        int maxFrameBytes,
        int messagesPerSecond,
        int messagesBurst) {

    private static final long SECOND = 1_000_000_000L;

    static ConnectionSettings from(AppConfig app) {
        return new ConnectionSettings(
                app.websocketMessageBufferSize(),
                BackpressurePolicy.fromConfig(app.websocketBackpressureDropPolicy()),
                app.pingIntervalSeconds() * SECOND,
                app.pongWaitSeconds() * SECOND,
                app.writeTimeoutSeconds() * SECOND,
                app.maxInvalidMessages(),
                app.maxFrameBytes(),
                app.clientMessagesPerSecond(),
                app.clientMessagesBurst());
    }
}
