package io.daisi.ws.renewal;

/** What TTL decisions report; implemented by the metrics registry. */
public interface TtlMetrics {
    /** {@code dws_redis_ttl_decision_total{key_type,decision}} and the chosen TTL. */
    void ttlDecided(String keyType, String decision, long ttlSeconds);

    /** Age of the activity mark a decision was based on. */
    void activityAge(String keyType, double seconds);

    TtlMetrics NOOP = new TtlMetrics() {
        @Override
        public void ttlDecided(String keyType, String decision, long ttlSeconds) {
        }

        @Override
        public void activityAge(String keyType, double seconds) {
        }
    };
}
