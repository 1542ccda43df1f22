package io.daisi.ws.config;

public record AuthConfig(
        /* general API key: /generate-token and both socket endpoints */
        String secretToken,
        /* 64 hex characters (AES-256) */
        String tokenAesKey,
        /* admin API key: /admin/generate-token and /dev/events */
        String adminSecretToken,
        String adminTokenAesKey,
        int tokenCacheTtlSeconds,
        int adminTokenCacheTtlSeconds,
        /* upper bound for expires_in_seconds on the token endpoints */
        long maxTokenExpiresInSeconds) {
}
