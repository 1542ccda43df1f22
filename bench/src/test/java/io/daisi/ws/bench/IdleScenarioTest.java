package io.daisi.ws.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which heap figure the idle scenario reads from a server's metrics. */
class IdleScenarioTest {

    @Test
    void aJvmsHeapIsItsPoolsAsTheLastGcLeftThemNotWhatWasAllocatedSince() {
        MetricsSnapshot m = MetricsSnapshot.parse("""
                jvm_memory_used_bytes{area="heap"} 6.1E7
                jvm_memory_used_bytes{area="nonheap"} 3.4E7
                jvm_memory_pool_collection_used_bytes{pool="G1 Eden Space"} 0.0
                jvm_memory_pool_collection_used_bytes{pool="G1 Old Gen"} 3.7E7
                jvm_memory_pool_collection_used_bytes{pool="G1 Survivor Space"} 2000000.0
                """);
        assertThat(IdleScenario.heapAfterGc(m)).isEqualTo(39_000_000L);
    }

    @Test
    void withoutThePoolsMetricTheHeapInUseIsRead() {
        MetricsSnapshot m = MetricsSnapshot.parse("""
                jvm_memory_used_bytes{area="heap"} 6.1E7
                jvm_memory_used_bytes{area="nonheap"} 3.4E7
                """);
        assertThat(IdleScenario.heapAfterGc(m)).isEqualTo(61_000_000L);
    }

    @Test
    void aNodePeersHeapIsItsOwnMetric() {
        MetricsSnapshot m = MetricsSnapshot.parse(
                "nodejs_heap_size_used_bytes 1.2E7\nprocess_resident_memory_bytes 9.0E7\n");
        assertThat(IdleScenario.heapAfterGc(m)).isEqualTo(12_000_000L);
    }

    @Test
    void aSumOverLabelSetsIsEmptyWhenTheMetricIsAbsent() {
        MetricsSnapshot m = MetricsSnapshot.parse("a{x=\"1\"} 2\na{x=\"2\"} 3\nb 7\n");
        assertThat(m.sum("a")).hasValue(5.0);
        assertThat(m.sum("c")).isEmpty();
    }
}
