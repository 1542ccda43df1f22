package io.daisi.ws.config;

public record AdaptiveTtlConfig(
        AdaptiveTtlRules sessionLock,
        AdaptiveTtlRules messageRoute,
        AdaptiveTtlRules chatRoute) {
}
