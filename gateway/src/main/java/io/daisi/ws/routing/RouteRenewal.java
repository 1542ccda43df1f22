package io.daisi.ws.routing;

import io.daisi.ws.renewal.AdaptiveTtl;
import io.daisi.ws.renewal.RenewalTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Registers this pod again on every route key it holds, with a fresh TTL, pipelined (SPEC §6
 * "Route registry"). Chat and message routes take adaptive TTLs ({@code adaptive_ttl.chat_route},
 * {@code message_route}); the admin route takes {@code app.route_ttl_seconds}. Re-registering
 * also restores routes a store outage lost, so there is nothing extra to re-assert.
 */
public final class RouteRenewal implements RenewalTask {
    private final SubscriptionIndex index;
    private final RouteRegistry registry;
    private final AdaptiveTtl chatRouteTtl;
    private final AdaptiveTtl messageRouteTtl;
    private final Supplier<Duration> routeTtl;
    private final Clock clock;
    private Instant previousRound = Instant.EPOCH;

    public RouteRenewal(SubscriptionIndex index, RouteRegistry registry, AdaptiveTtl chatRouteTtl,
                        AdaptiveTtl messageRouteTtl, Supplier<Duration> routeTtl, Clock clock) {
        this.index = index;
        this.registry = registry;
        this.chatRouteTtl = chatRouteTtl;
        this.messageRouteTtl = messageRouteTtl;
        this.routeTtl = routeTtl;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "route keys";
    }

    @Override
    public CompletionStage<Void> renew(boolean reassert) {
        Instant since = previousRound;
        previousRound = clock.instant();
        List<String> chatKeys = new ArrayList<>();
        List<String> messageKeys = new ArrayList<>();
        Map<String, Instant> active = new HashMap<>();
        Map<String, Duration> ttlByKey = new LinkedHashMap<>();
        for (SubscriptionIndex.HeldRoute route : index.heldRoutes()) {
            route.lastEventAt().filter(at -> at.isAfter(since)).ifPresent(at -> active.put(route.key(), at));
            switch (route.kind()) {
                case CHATS -> chatKeys.add(route.key());
                case MESSAGES -> messageKeys.add(route.key());
                case AGENTS -> ttlByKey.put(route.key(), routeTtl.get());
            }
        }
        return chatRouteTtl.ttls(chatKeys, only(active, chatKeys))
                .thenCombine(messageRouteTtl.ttls(messageKeys, only(active, messageKeys)), (chats, messages) -> {
                    ttlByKey.putAll(chats);
                    ttlByKey.putAll(messages);
                    return ttlByKey;
                })
                .thenCompose(registry::refresh);
    }

    private static Map<String, Instant> only(Map<String, Instant> active, List<String> keys) {
        Map<String, Instant> result = new HashMap<>();
        for (String key : keys) {
            Instant at = active.get(key);
            if (at != null) {
                result.put(key, at);
            }
        }
        return result;
    }
}
