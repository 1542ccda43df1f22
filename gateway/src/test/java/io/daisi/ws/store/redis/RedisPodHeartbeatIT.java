package io.daisi.ws.store.redis;

import static io.daisi.ws.store.redis.RedisTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisPodHeartbeatIT extends OneRedisPerClass {

    @Test
    void aBeatKeepsTheAddressUnderThePodKeyWithTheTtl() {
        RedisPodHeartbeat heartbeat = new RedisPodHeartbeat(connector);

        await(heartbeat.beat("pod-a", "10.0.0.1:9090", Duration.ofSeconds(15)));

        assertThat(redis.command("GET", "pod:pod-a")).isEqualTo("10.0.0.1:9090");
        assertThat(ttl("pod:pod-a")).isBetween(14L, 15L);
        assertThat(await(heartbeat.address("pod-a"))).contains("10.0.0.1:9090");
        assertThat(await(heartbeat.address("pod-b"))).isEmpty();
    }

    @Test
    void addressesOfManyPodsInTheOrderGiven() {
        RedisPodHeartbeat heartbeat = new RedisPodHeartbeat(connector);
        await(heartbeat.beat("pod-a", "a:9090", Duration.ofSeconds(15)));
        redis.command("SET", "pod:go-pod", "g:9090", "EX", "15");

        assertThat(await(heartbeat.addresses(List.of("pod-dead", "go-pod", "pod-a"))))
                .containsExactly(
                        java.util.Map.entry("pod-dead", Optional.empty()),
                        java.util.Map.entry("go-pod", Optional.of("g:9090")),
                        java.util.Map.entry("pod-a", Optional.of("a:9090")));
        assertThat(await(heartbeat.addresses(List.of()))).isEmpty();
    }

    @Test
    void removeDeletesTheHeartbeat() {
        RedisPodHeartbeat heartbeat = new RedisPodHeartbeat(connector);
        await(heartbeat.beat("pod-a", "a:9090", Duration.ofSeconds(15)));

        await(heartbeat.remove("pod-a"));

        assertThat(redis.command("EXISTS", "pod:pod-a")).isEqualTo("0");
    }
}
