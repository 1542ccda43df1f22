package io.daisi.ws.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.daisi.ws.auth.ApiKeyCheck;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.config.LiveConfig;
import io.daisi.ws.observability.LogContext;
import io.daisi.ws.observability.RequestIds;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.daisi.ws.protocol.SubjectTokens;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /generate-token} (general API key) and {@code POST /admin/generate-token} (admin API key). */
final class TokenEndpoints {
    private static final Logger log = LoggerFactory.getLogger(TokenEndpoints.class);
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;

    private final LiveConfig config;
    private final TokenIssuer issuer;

    TokenEndpoints(LiveConfig config, TokenIssuer issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    void userToken(ChannelHandlerContext ctx, FullHttpRequest request) {
        String presented = request.headers().get(ApiKeys.HEADER);
        if (!ApiKeyCheck.matches(config.current().auth().secretToken(), presented)) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.INVALID_API_KEY, "Invalid or missing API key"));
            return;
        }
        try {
            JsonNode body = JsonBodies.object(bytes(request));
            String company = idField(body, "company_id");
            String agent = idField(body, "agent_id");
            String user = requiredField(body, "user_id");
            Duration ttl = expiresIn(body);
            String token = issuer.issueUser(company, agent, user, ttl);
            try (LogContext ignored = LogContext.with("request_id", requestId(request), "company_id", company,
                    "agent_id", agent, "user_id", user)) {
                log.info("user token issued (expires in {}s)", ttl.toSeconds());
            }
            respondToken(ctx, request, token);
        } catch (JsonBodies.BadBody e) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid request payload", e.getMessage()));
        }
    }

    void adminToken(ChannelHandlerContext ctx, FullHttpRequest request) {
        Optional<ErrorBody> refusal = ApiKeys.adminKeyRefusal(config.current().auth().adminSecretToken(), request);
        if (refusal.isPresent()) {
            HttpResponses.error(ctx, request, refusal.get());
            return;
        }
        try {
            JsonNode body = JsonBodies.object(bytes(request));
            String adminId = requiredField(body, "admin_id");
            Duration ttl = expiresIn(body);
            Optional<String> subscribedCompany = optionalId(body, "subscribed_company_id");
            Optional<String> subscribedAgent = optionalId(body, "subscribed_agent_id");
            Optional<String> restriction = optionalId(body, "company_id_restriction");
            if (restriction.isPresent() && subscribedCompany.isPresent() && !restriction.equals(subscribedCompany)) {
                throw new JsonBodies.BadBody("company_id_restriction and subscribed_company_id must be equal when both are set");
            }
            String token = issuer.issueAdmin(adminId, ttl, subscribedCompany.orElse(""), subscribedAgent.orElse(""),
                    restriction.orElse(""));
            try (LogContext ignored = LogContext.with("request_id", requestId(request), "admin_id", adminId)) {
                log.info("admin token issued (expires in {}s)", ttl.toSeconds());
            }
            respondToken(ctx, request, token);
        } catch (JsonBodies.BadBody e) {
            HttpResponses.error(ctx, request, ErrorBody.of(ErrorCode.BAD_REQUEST, "Invalid request payload", e.getMessage()));
        }
    }

    private Duration expiresIn(JsonNode body) throws JsonBodies.BadBody {
        long seconds = JsonBodies.optionalLong(body, "expires_in_seconds").orElse(0L);
        if (seconds < 0) {
            throw new JsonBodies.BadBody("expires_in_seconds must be positive");
        }
        if (seconds == 0) {
            seconds = DEFAULT_EXPIRES_IN_SECONDS;
        }
        long cap = config.current().auth().maxTokenExpiresInSeconds();
        if (seconds > cap) {
            throw new JsonBodies.BadBody("expires_in_seconds must be at most " + cap);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Company and agent ids become subject tokens and path segments, so they must be usable as such. */
    private static String idField(JsonNode body, String field) throws JsonBodies.BadBody {
        String value = requiredField(body, field);
        if (!SubjectTokens.isValidToken(value)) {
            throw new JsonBodies.BadBody(field + " must not contain '.', '*', '>', spaces or control characters");
        }
        return value;
    }

    private static Optional<String> optionalId(JsonNode body, String field) throws JsonBodies.BadBody {
        Optional<String> value = JsonBodies.optionalString(body, field);
        if (value.isPresent() && !SubjectTokens.isValidToken(value.get())) {
            throw new JsonBodies.BadBody(field + " must not contain '.', '*', '>', spaces or control characters");
        }
        return value;
    }

    private static String requiredField(JsonNode body, String field) throws JsonBodies.BadBody {
        String value = JsonBodies.requiredString(body, field);
        if (value.length() > 256) {
            throw new JsonBodies.BadBody(field + " must be at most 256 characters");
        }
        return value;
    }

    private static void respondToken(ChannelHandlerContext ctx, FullHttpRequest request, String token) {
        HttpResponses.json(ctx, request, 200, Map.of("token", token));
    }

    private static String requestId(FullHttpRequest request) {
        return RequestIds.orGenerate(request.headers().get("X-Request-ID"));
    }

    private static byte[] bytes(FullHttpRequest request) {
        return ByteBufUtil.getBytes(request.content());
    }
}
