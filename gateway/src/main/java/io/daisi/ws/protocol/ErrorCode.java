package io.daisi.ws.protocol;

/**
 * Every error the gateway reports, with the HTTP status used before an upgrade
 * and the close code used on a socket (SPEC §4). The wire names are the reference's.
 */
public enum ErrorCode {
    INVALID_API_KEY("InvalidAPIKey", 401, 4401),
    INVALID_TOKEN("InvalidToken", 403, 4403),
    SESSION_CONFLICT("SessionConflict", 409, 4402),
    SUBSCRIPTION_FAILURE("SubscriptionFailure", 500, 1011),
    RATE_LIMIT_EXCEEDED("RateLimitExceeded", 429, 4429),
    BAD_REQUEST("BadRequest", 400, 4400),
    INTERNAL_SERVER_ERROR("InternalServerError", 500, 1011),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, 1013),
    ORIGIN_NOT_ALLOWED("OriginNotAllowed", 403, 4403),
    /** Only ever on a socket (SPEC §8); the HTTP status is nominal. */
    SLOW_CONSUMER("SlowConsumer", 503, 4408),
    RECOVERY_TOO_LARGE("RecoveryTooLarge", 400, 4400),
    /** The reference's codes on the admin token endpoint and for wrong methods. */
    UNAUTHORIZED("E4001", 401, 4403),
    FORBIDDEN("E4003", 403, 4403),
    METHOD_NOT_ALLOWED("E4005", 405, 4400),
    NOT_FOUND("NotFound", 404, 4400),
    PAYLOAD_TOO_LARGE("BadRequest", 413, 4400);

    private final String wireName;
    private final int httpStatus;
    private final int closeCode;

    ErrorCode(String wireName, int httpStatus, int closeCode) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int closeCode() {
        return closeCode;
    }
}
