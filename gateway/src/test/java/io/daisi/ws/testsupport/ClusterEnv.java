package io.daisi.ws.testsupport;

import java.util.HashMap;
import java.util.Map;

/** The environment of a cluster-mode gateway on a test's private NATS and Redis, with its own stream and prefix. */
public final class ClusterEnv {
    private ClusterEnv() {
    }

    /** Each test run has its own stream, consumer and subject prefix ({@code prefix}) on the shared NATS. */
    public static Map<String, String> of(NatsServer nats, RedisServer redis, String prefix, String pod, String mode) {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_REDIS_ADDRESS", redis.address());
        env.put("DAISI_WS_NATS_URL", nats.url());
        env.put("DAISI_WS_NATS_SUBJECT_PREFIX", prefix);
        env.put("DAISI_WS_NATS_STREAM_NAME", prefix + "_stream");
        env.put("DAISI_WS_NATS_CONSUMER_NAME", prefix + "_fanout");
        env.put("DAISI_WS_NATS_DELIVERY_MODE", mode);
        env.put("DAISI_WS_SERVER_POD_ID", pod);
        env.put("DAISI_WS_APP_DEV_ENDPOINTS", "true");
        env.put("DAISI_WS_APP_POD_HEARTBEAT_TTL_SECONDS", "4");
        env.put("DAISI_WS_APP_GRPC_CIRCUITBREAKER_FAIL_THRESHOLD", "2");
        return env;
    }
}
