package io.daisi.ws.transport;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every HTTP path the gateway serves, with its one method. {@link HttpRouter} dispatches
 * through this list (an exhaustive switch), so it is also what the API documents are
 * checked against: a path added here without a handler does not compile.
 */
enum HttpEndpoint {
    HEALTH("/health", HttpMethod.GET),
    READY("/ready", HttpMethod.GET),
    METRICS("/metrics", HttpMethod.GET),
    USER_TOKEN("/generate-token", HttpMethod.POST),
    ADMIN_TOKEN("/admin/generate-token", HttpMethod.POST),
    DEV_EVENTS("/dev/events", HttpMethod.POST),
    DEMO_SETTINGS("/dev/demo-settings", HttpMethod.GET),
    DEMO_PAGE("/", HttpMethod.GET),
    DEMO_PAGE_ALIAS("/index.html", HttpMethod.GET),
    CLIENT_LIBRARY("/client/daisi-ws.js", HttpMethod.GET),
    ADMIN_SOCKET("/ws/admin", HttpMethod.GET),
    /** The one templated path; matched by {@link HttpRouter} from the path's segments, never literally. */
    USER_SOCKET("/ws/{company}/{agent}", HttpMethod.GET);

    private static final Map<String, HttpEndpoint> EXACT = Arrays.stream(values())
            .filter(endpoint -> endpoint != USER_SOCKET)
            .collect(Collectors.toUnmodifiableMap(HttpEndpoint::path, Function.identity()));

    private final String path;
    private final HttpMethod method;

    HttpEndpoint(String path, HttpMethod method) {
        this.path = path;
        this.method = method;
    }

    String path() {
        return path;
    }

    HttpMethod method() {
        return method;
    }

    /** The endpoint whose path is exactly {@code path} (every one but the templated user socket). */
    static Optional<HttpEndpoint> exact(String path) {
        return Optional.ofNullable(EXACT.get(path));
    }
}
