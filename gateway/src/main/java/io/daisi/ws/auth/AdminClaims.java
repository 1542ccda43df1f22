package io.daisi.ws.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Claims of an admin token. Without a subscription the admin watches everything its restriction
 * allows; without a restriction, every company.
 */
public record AdminClaims(
        String adminId,
        Optional<String> subscribedCompanyId,
        Optional<String> subscribedAgentId,
        Optional<String> companyIdRestriction,
        Instant expiresAt) implements Claims {

    public AdminClaims {
        Ids.requireNonEmpty(adminId, "admin_id");
        // The reference omits empty strings from the JSON, so "" and absent must be one state here.
        subscribedCompanyId = nonEmpty(subscribedCompanyId, "subscribed_company_id");
        subscribedAgentId = nonEmpty(subscribedAgentId, "subscribed_agent_id");
        companyIdRestriction = nonEmpty(companyIdRestriction, "company_id_restriction");
        Objects.requireNonNull(expiresAt, "expires_at");
    }

    /** The company this admin's events are scoped to: its subscription, else its restriction. */
    public Optional<String> scopeCompany() {
        return subscribedCompanyId.or(() -> companyIdRestriction);
    }

    private static Optional<String> nonEmpty(Optional<String> value, String jsonName) {
        return Objects.requireNonNull(value, jsonName).filter(s -> !s.isEmpty());
    }
}
