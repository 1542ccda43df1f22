package io.daisi.ws.transport;

import io.daisi.ws.observability.DependencyCheck;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /ready}: 200 only when every configured dependency answers, else 503;
 * the body names each check (and, for a "down" one that knows, why). A check that does
 * not answer within a second is "down".
 */
final class ReadinessEndpoint {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);

    private final List<DependencyCheck> checks;
    private final BooleanSupplier draining;

    /** {@code draining}: true once shutdown began, when the pod is not ready whatever its dependencies say. */
    ReadinessEndpoint(List<DependencyCheck> checks, BooleanSupplier draining) {
        this.checks = List.copyOf(checks);
        this.draining = draining;
    }

    void respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        List<CompletableFuture<DependencyCheck.Status>> results = checks.stream()
                .map(check -> check.check().toCompletableFuture()
                        .completeOnTimeout(DependencyCheck.Status.DOWN, CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(failure -> DependencyCheck.Status.DOWN))
                .toList();
        request.retain();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) ->
                ctx.executor().execute(() -> {
                    try {
                        Map<String, String> statuses = new LinkedHashMap<>();
                        Map<String, String> reasons = new LinkedHashMap<>();
                        boolean ready = true;
                        for (int i = 0; i < checks.size(); i++) {
                            DependencyCheck check = checks.get(i);
                            DependencyCheck.Status status = results.get(i).join();
                            statuses.put(check.name(), status.wireName());
                            ready &= status != DependencyCheck.Status.DOWN;
                            if (status == DependencyCheck.Status.DOWN) {
                                check.reason().ifPresent(reason -> reasons.put(check.name(), reason));
                            }
                        }
                        if (draining.getAsBoolean()) {
                            ready = false;
                            reasons.put("server", "shutting down");
                        }
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("status", ready ? "ready" : "not_ready");
                        body.put("checks", statuses);
                        if (!reasons.isEmpty()) {
                            body.put("reasons", reasons);
                        }
                        HttpResponses.json(ctx, request, ready ? 200 : 503, body);
                    } finally {
                        request.release();
                    }
                }));
    }
}
