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

/**
 * MGETs for many names, each read from the Redis key {@code keyOf} names it by. A read of
 * thousands of keys (every session and route a pod renews) goes out as MGETs of at most
 * {@link Batches#SIZE} keys, one after the other: Redis runs a command to its end before it
 * serves anyone else, so one MGET of 20,000 keys would hold up every pod for its whole length.
 */
final class MultiGet {

    private MultiGet() {
    }

    /** Each name's value, in the order given; empty where the key does not exist. */
    static CompletionStage<Map<String, Optional<String>>> values(RedisConnector redis, Collection<String> names,
                                                                 UnaryOperator<String> keyOf) {
        Map<String, Optional<String>> result = new LinkedHashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (List<String> chunk : Batches.split(List.copyOf(names))) {
            // an empty chunk never occurs (an MGET of no key is an error); chunks run in turn, so one thread writes at a time
            String[] keys = chunk.stream().map(keyOf).toArray(String[]::new);
            chain = chain.thenCompose(ignored -> redis.call(r -> r.mget(keys)))
                    .thenAccept(values -> addByName(result, chunk, values));
        }
        return chain.thenApply(ignored -> Collections.unmodifiableMap(result));
    }

    private static void addByName(Map<String, Optional<String>> result, List<String> names,
                                  List<KeyValue<String, String>> values) {
        for (int i = 0; i < names.size(); i++) {
            KeyValue<String, String> value = values.get(i);
            result.put(names.get(i), value.hasValue() ? Optional.of(value.getValue()) : Optional.empty());
        }
    }
}
