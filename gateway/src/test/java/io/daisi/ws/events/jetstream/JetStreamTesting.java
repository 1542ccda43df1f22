package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.testsupport.NatsServer;
import io.daisi.ws.testsupport.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/** What the JetStream adapter tests share: configuration through the real loader, and waiting. */
final class JetStreamTesting {
    static final Duration STAGE_WAIT = Duration.ofSeconds(10);
    static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Path NO_CONFIG_DIR = emptyDir();

    private JetStreamTesting() {
    }

    /** The built-in defaults with {@code DAISI_WS_*} overrides, as production loads them. */
    static GatewayConfig config(Map<String, String> env) {
        return new ConfigLoader(Optional.empty(), env, NO_CONFIG_DIR).load().config();
    }

    /**
     * Config for {@code nats} with a stream and subject prefix of its own (so tests sharing a
     * server do not see each other's events), a 2 s reconnect wait, plus {@code overrides}.
     */
    static GatewayConfig config(NatsServer nats, Map<String, String> overrides) {
        int n = NAMES.incrementAndGet();
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_NATS_URL", nats.url());
        env.put("DAISI_WS_NATS_STREAM_NAME", "stream" + n);
        env.put("DAISI_WS_NATS_SUBJECT_PREFIX", "p" + n);
        env.put("DAISI_WS_NATS_RECONNECT_WAIT_SECONDS", "1");
        env.put("DAISI_WS_SERVER_POD_ID", "pod-a");
        env.putAll(overrides);
        return config(env);
    }

    static NatsConnector connected(GatewayConfig config) {
        NatsConnector connector = NatsConnector.start(config.nats(), config.server().podId());
        Awaitility.await().atMost(CONNECT_WAIT).until(connector::isConnected);
        return connector;
    }

    static byte[] event(String eventId) {
        return ("{\"event_id\":\"" + eventId + "\",\"company_id\":\"c1\",\"row_data\":{\"n\":1}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(CompletionStage<T> stage) {
        return Stages.await(stage, STAGE_WAIT);
    }

    static Throwable failureOf(CompletionStage<?> stage) {
        return Stages.failureOf(stage, STAGE_WAIT);
    }

    private static Path emptyDir() {
        try {
            Path dir = Files.createTempDirectory("daisi-ws-jetstream-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
