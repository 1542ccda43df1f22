package io.daisi.ws.transport;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The query string of a request, decoded once. */
final class QueryParams {
    private final Map<String, List<String>> params;

    QueryParams(String uri) {
        Map<String, List<String>> decoded;
        try {
            decoded = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            decoded = Map.of();
        }
        this.params = decoded;
    }

    Optional<String> first(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
