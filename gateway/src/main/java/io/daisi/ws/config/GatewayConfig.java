package io.daisi.ws.config;

/**
 * The whole configuration, one record per section of {@code config/config.yaml}.
 * Key names are the reference service's (snake_case in YAML, camelCase here).
 */
public record GatewayConfig(
        ServerConfig server,
        NatsConfig nats,
        RedisConfig redis,
        LogConfig log,
        AuthConfig auth,
        AppConfig app,
        AdaptiveTtlConfig adaptiveTtl) {

    /** Cluster mode needs Redis; NATS alone (no Redis) is standalone with a local JetStream. */
    public boolean clusterMode() {
        return !redis.address().isBlank();
    }

    public boolean natsEnabled() {
        return !nats.url().isBlank();
    }
}
