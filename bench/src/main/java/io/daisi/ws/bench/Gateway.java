package io.daisi.ws.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The gateway under test: its base URL and general API key. Only loopback
 * addresses are accepted, so a mistyped URL cannot turn the load onto someone else.
 */
record Gateway(URI base, String apiKey) {

    static Gateway from(Options o) {
        return all(o).getFirst();
    }

    /** {@code --gateway URL[,URL...]}: several instances of one cluster; sockets are spread over them. */
    static java.util.List<Gateway> all(Options o) {
        String apiKey = o.required("api-key");
        java.util.List<Gateway> gateways = new java.util.ArrayList<>();
        for (String url : o.string("gateway", "http://127.0.0.1:8080").split(",")) {
            gateways.add(of(url.trim(), apiKey));
        }
        return gateways;
    }

    private static Gateway of(String url, String apiKey) {
        URI base = URI.create(url);
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new UsageException("--gateway must be an http://host:port URL, not " + base);
        }
        try {
            if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
                throw new UsageException("--gateway must be a loopback address (127.0.0.1): the harness"
                        + " only loads a gateway on this machine");
            }
        } catch (UnknownHostException e) {
            throw new UsageException("--gateway host " + base.getHost() + " does not resolve");
        }
        return new Gateway(base, apiKey);
    }

    URI http(String path) {
        return base.resolve(path);
    }

    int port() {
        return base.getPort() > 0 ? base.getPort() : 80;
    }

    /** {@code ws://host:port/ws/{company}/{agent}?token=...&x-api-key=...}. */
    URI socket(String company, String agent, String token) {
        return URI.create("ws://" + base.getHost() + ":" + port() + "/ws/" + company + "/" + agent
                + "?token=" + encode(token) + "&x-api-key=" + encode(apiKey));
    }

    /** {@code ws://host:port/ws/admin?token=...&x-api-key=...}. */
    URI adminSocket(String token) {
        return URI.create("ws://" + base.getHost() + ":" + port() + "/ws/admin?token=" + encode(token)
                + "&x-api-key=" + encode(apiKey));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
