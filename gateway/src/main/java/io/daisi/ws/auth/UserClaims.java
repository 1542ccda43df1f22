package io.daisi.ws.auth;

import java.time.Instant;
import java.util.Objects;

/** Claims of an end-user token: the conversation (company, agent, user) it may follow. */
public record UserClaims(String companyId, String agentId, String userId, Instant expiresAt) implements Claims {

    public UserClaims {
        Ids.requireNonEmpty(companyId, "company_id");
        Ids.requireNonEmpty(agentId, "agent_id");
        Ids.requireNonEmpty(userId, "user_id");
        Objects.requireNonNull(expiresAt, "expires_at");
    }
}
