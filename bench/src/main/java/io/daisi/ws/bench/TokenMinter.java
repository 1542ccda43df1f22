package io.daisi.ws.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Mints user tokens through {@code POST /generate-token}, at most {@code concurrency} requests at a time. */
final class TokenMinter {
    private final Http http;
    private final Gateway gateway;
    private final Semaphore permits;

    TokenMinter(Http http, Gateway gateway, int concurrency) {
        this.http = http;
        this.gateway = gateway;
        this.permits = new Semaphore(concurrency);
    }

    /** Blocks while {@code concurrency} requests are under way, then completes with the token. */
    CompletableFuture<String> mint(Target t) throws InterruptedException {
        String body;
        try {
            body = Http.JSON.writeValueAsString(Map.of("company_id", t.company(), "agent_id", t.agent(),
                    "user_id", t.user(), "expires_in_seconds", 3600));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        permits.acquire();
        return http.post(gateway.http("/generate-token"), gateway.apiKey(), body)
                .whenComplete((r, e) -> permits.release())
                .thenApply(r -> {
                    try {
                        return Http.expectStatus(r, 200).get("token").asText();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
