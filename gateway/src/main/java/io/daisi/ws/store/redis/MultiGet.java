package io.daisi.ws.store.redis;

import io.lettuce.core.KeyValue;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/** One MGET for many names, each read from the Redis key {@code keyOf} names it by. */
final class MultiGet {

    private MultiGet() {
    }

    /** Each name's value, in the order given; empty where the key does not exist. */
    static CompletionStage<Map<String, Optional<String>>> values(RedisConnector redis, Collection<String> names,
                                                                 UnaryOperator<String> keyOf) {
        if (names.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of()); // MGET of no key is an error
        }
        List<String> ordered = List.copyOf(names);
        String[] keys = ordered.stream().map(keyOf).toArray(String[]::new);
        return redis.call(r -> r.mget(keys)).thenApply(values -> byName(ordered, values));
    }

    private static Map<String, Optional<String>> byName(List<String> names, List<KeyValue<String, String>> values) {
        Map<String, Optional<String>> result = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            KeyValue<String, String> value = values.get(i);
            result.put(names.get(i), value.hasValue() ? Optional.of(value.getValue()) : Optional.empty());
        }
        return Collections.unmodifiableMap(result);
    }
}
