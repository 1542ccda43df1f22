package io.daisi.ws.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The JDK HTTP client (HTTP/1.1) and the few calls the harness makes with it. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    /** POSTs a JSON body with an {@code X-API-Key}; completes with the response. */
    CompletableFuture<HttpResponse<String>> post(URI uri, String apiKey, String json) {
        return client.sendAsync(request(uri, apiKey, json), HttpResponse.BodyHandlers.ofString());
    }

    /** The same, blocking: for publishers that pace themselves on their own thread. */
    HttpResponse<String> postNow(URI uri, String apiKey, String json) throws IOException, InterruptedException {
        return client.send(request(uri, apiKey, json), HttpResponse.BodyHandlers.ofString());
    }

    String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        expectStatus(r, 200);
        return r.body();
    }

    /** The response's JSON body, if its status is {@code status}; else an exception naming both. */
    static JsonNode expectStatus(HttpResponse<String> r, int status) throws IOException {
        if (r.statusCode() != status) {
            String body = r.body() == null ? "" : r.body();
            throw new IOException("HTTP " + r.statusCode() + " from " + r.uri().getPath() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) : body));
        }
        return r.body().startsWith("{") ? JSON.readTree(r.body()) : null;
    }

    private static HttpRequest request(URI uri, String apiKey, String json) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
