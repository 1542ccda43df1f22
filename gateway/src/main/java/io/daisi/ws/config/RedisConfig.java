package io.daisi.ws.config;

public record RedisConfig(
        /* host:port; empty = no Redis (standalone mode) */
        String address,
        String username,
        String password,
        int db,
        boolean tls,
        boolean tlsInsecureSkipVerify,
        int connectTimeoutSeconds,
        int commandTimeoutSeconds) {
}
