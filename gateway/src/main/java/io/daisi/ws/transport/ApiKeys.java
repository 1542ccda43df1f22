package io.daisi.ws.transport;

import io.daisi.ws.auth.ApiKeyCheck;
import io.daisi.ws.protocol.ErrorBody;
import io.daisi.ws.protocol.ErrorCode;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/** Where API keys travel: the {@code X-API-Key} header, or for sockets also the {@code x-api-key} query parameter. */
final class ApiKeys {
    static final String HEADER = "X-API-Key";
    static final String QUERY = "x-api-key";

    private ApiKeys() {
    }

    /**
     * The admin API key check of the reference ({@code X-API-Key} header only):
     * missing → 401 E4001, wrong → 403 E4003; empty when the key is right.
     */
    static Optional<ErrorBody> adminKeyRefusal(String configured, HttpRequest request) {
        String presented = request.headers().get(HEADER);
        if (presented == null || presented.isEmpty()) {
            return Optional.of(ErrorBody.of(ErrorCode.UNAUTHORIZED, "Missing admin API key"));
        }
        if (!ApiKeyCheck.matches(configured, presented)) {
            return Optional.of(ErrorBody.of(ErrorCode.FORBIDDEN, "Invalid admin API key"));
        }
        return Optional.empty();
    }

    static Optional<String> fromHeaderOrQuery(HttpRequest request, QueryParams query) {
        String header = request.headers().get(HEADER);
        if (header != null && !header.isEmpty()) {
            return Optional.of(header);
        }
        return query.first(QUERY).filter(v -> !v.isEmpty());
    }
}
