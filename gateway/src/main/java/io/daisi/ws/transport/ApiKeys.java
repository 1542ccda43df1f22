package io.daisi.ws.transport;

import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/** Where API keys travel: the {@code X-API-Key} header, or for sockets also the {@code x-api-key} query parameter. */
final class ApiKeys {
    static final String HEADER = "X-API-Key";
    static final String QUERY = "x-api-key";

    private ApiKeys() {
    }

    static Optional<String> fromHeaderOrQuery(HttpRequest request, QueryParams query) {
        String header = request.headers().get(HEADER);
        if (header != null && !header.isEmpty()) {
            return Optional.of(header);
        }
        return query.first(QUERY).filter(v -> !v.isEmpty());
    }
}
