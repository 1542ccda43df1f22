package io.daisi.ws.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Mints tokens for the {@code /generate-token} endpoints, readable by the reference service too. */
public final class TokenIssuer {

    private final TokenCodec userCodec;
    private final TokenCodec adminCodec;
    private final Clock clock;

    public TokenIssuer(TokenCodec userCodec, TokenCodec adminCodec, Clock clock) {
        this.userCodec = Objects.requireNonNull(userCodec, "userCodec");
        this.adminCodec = Objects.requireNonNull(adminCodec, "adminCodec");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws IllegalArgumentException for an empty id or a non-positive ttl */
    public String issueUser(String companyId, String agentId, String userId, Duration ttl) {
        return issue(new UserClaims(companyId, agentId, userId, expiry(ttl)));
    }

    /**
     * Empty (or null) scope arguments mean absent, as in the reference's request bodies.
     *
     * @throws IllegalArgumentException for an empty admin id or a non-positive ttl
     */
    public String issueAdmin(String adminId, Duration ttl,
            String subscribedCompanyId, String subscribedAgentId, String companyIdRestriction) {
        return issue(new AdminClaims(adminId,
                Optional.ofNullable(subscribedCompanyId),
                Optional.ofNullable(subscribedAgentId),
                Optional.ofNullable(companyIdRestriction),
                expiry(ttl)));
    }

    /** For callers that need to know the exact expiry they are handing out. */
    public String issue(Claims claims) {
        TokenCodec codec = switch (claims) {
            case UserClaims user -> userCodec;
            case AdminClaims admin -> adminCodec;
        };
        return codec.seal(ClaimsJson.write(claims));
    }

    private Instant expiry(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        return clock.instant().plus(ttl);
    }
}
