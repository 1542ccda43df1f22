package io.daisi.ws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidatorTest {

    private static final String SHIPPED_SECRET_TOKEN = "X4GfjOQLJpy8maMlMeF0VIHj0sNMegBL";
    private static final String SHIPPED_AES_KEY = "483bde4aef784553aba0a7c621efe965932cb70d49184caac05fb0c5d30113c5";

    @TempDir
    Path dir;

    /** Problems of the defaults with one environment override, {@code DAISI_WS_} + suffix. */
    private List<String> problemsWith(String variableSuffix, String value) {
        Map<String, String> env = Map.of("DAISI_WS_" + variableSuffix, value);
        return ConfigValidator.problems(TestConfigs.defaultsOnly(dir, env).load().config());
    }

    @Test
    void shippedConfigIsValid() {
        GatewayConfig shipped = TestConfigs.loader(TestConfigs.SHIPPED_FILE, Map.of()).load().config();

        assertThat(ConfigValidator.problems(shipped)).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1} is rejected as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            SERVER_HTTP_PORT                             | 0                           | server.http_port
            SERVER_HTTP_PORT                             | 65536                       | server.http_port
            SERVER_GRPC_PORT                             | 0                           | server.grpc_port
            SERVER_GRPC_PORT                             | 8080                        | server.grpc_port
            SERVER_POD_ID                                | gw 1                        | server.pod_id
            SERVER_POD_ADDRESS_TEMPLATE                  | ''                          | server.pod_address_template
            SERVER_BIND_ADDRESS                          | ''                          | server.bind_address
            SERVER_ADVERTISE_ADDRESS                     | gw-1                        | server.advertise_address
            AUTH_SECRET_TOKEN                            | ''                          | auth.secret_token
            AUTH_ADMIN_SECRET_TOKEN                      | ''                          | auth.admin_secret_token
            AUTH_ADMIN_SECRET_TOKEN                      | X4GfjOQLJpy8maMlMeF0VIHj0sNMegBL | auth.admin_secret_token
            AUTH_TOKEN_AES_KEY                           | abc                         | auth.token_aes_key
            AUTH_ADMIN_TOKEN_AES_KEY                     | abc                         | auth.admin_token_aes_key
            AUTH_ADMIN_TOKEN_AES_KEY                     | 483bde4aef784553aba0a7c621efe965932cb70d49184caac05fb0c5d30113c5 | auth.admin_token_aes_key
            AUTH_TOKEN_CACHE_TTL_SECONDS                 | 0                           | auth.token_cache_ttl_seconds
            AUTH_MAX_TOKEN_EXPIRES_IN_SECONDS            | 0                           | auth.max_token_expires_in_seconds
            APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY       | drop_newest                 | app.websocket_backpressure_drop_policy
            APP_WEBSOCKET_COMPRESSION_MODE               | gzip                        | app.websocket_compression_mode
            APP_HANDSHAKE_ERRORS                         | redirect                    | app.handshake_errors
            NATS_DELIVERY_MODE                           | broadcast                   | nats.delivery_mode
            LOG_LEVEL                                    | verbose                     | log.level
            NATS_SUBJECT_PREFIX                          | ''                          | nats.subject_prefix
            NATS_SUBJECT_PREFIX                          | web socket                  | nats.subject_prefix
            NATS_SUBJECT_PREFIX                          | ws.*                        | nats.subject_prefix
            NATS_SUBJECT_PREFIX                          | ws.>                        | nats.subject_prefix
            NATS_SUBJECT_PREFIX                          | ws.                         | nats.subject_prefix
            NATS_STREAM_NAME                             | wa.stream                   | nats.stream_name
            NATS_CONSUMER_NAME                           | ''                          | nats.consumer_name
            NATS_CONNECT_TIMEOUT_SECONDS                 | 0                           | nats.connect_timeout_seconds
            NATS_PER_POD_INACTIVE_THRESHOLD_SECONDS      | -5                          | nats.per_pod_inactive_threshold_seconds
            REDIS_COMMAND_TIMEOUT_SECONDS                | -1                          | redis.command_timeout_seconds
            APP_SESSION_TTL_SECONDS                      | 0                           | app.session_ttl_seconds
            APP_SHUTDOWN_TIMEOUT_SECONDS                 | 0                           | app.shutdown_timeout_seconds
            APP_SESSION_LOCK_RETRY_DELAY_MS              | 0                           | app.session_lock_retry_delay_ms
            ADAPTIVE_TTL_CHAT_ROUTE_ACTIVE_TTL_SECONDS   | 0                           | adaptive_ttl.chat_route.active_ttl_seconds
            ADAPTIVE_TTL_MESSAGE_ROUTE_MIN_TTL_SECONDS   | 1000                        | adaptive_ttl.message_route.min_ttl_seconds
            APP_WEBSOCKET_MESSAGE_BUFFER_SIZE            | 0                           | app.websocket_message_buffer_size
            APP_MAX_FRAME_BYTES                          | 1023                        | app.max_frame_bytes
            APP_CLIENT_MESSAGES_PER_SECOND               | 0                           | app.client_messages_per_second
            APP_CLIENT_MESSAGES_BURST                    | 19                          | app.client_messages_burst
            APP_MAX_INVALID_MESSAGES                     | -1                          | app.max_invalid_messages
            APP_MAX_CONNECTIONS                          | -1                          | app.max_connections
            NATS_MAX_DELIVER                             | 0                           | nats.max_deliver
            NATS_MAX_DELIVER                             | -2                          | nats.max_deliver
            APP_TTL_REFRESH_INTERVAL_SECONDS             | 30                          | app.ttl_refresh_interval_seconds
            APP_ROUTE_TTL_SECONDS                        | 10                          | app.ttl_refresh_interval_seconds
            REDIS_ADDRESS                                | redis                       | redis.address
            REDIS_ADDRESS                                | redis:abc                   | redis.address
            REDIS_ADDRESS                                | redis:0                     | redis.address
            REDIS_ADDRESS                                | redis:70000                 | redis.address
            REDIS_ADDRESS                                | ::1:6379                    | redis.address
            REDIS_DB                                     | -1                          | redis.db
            NATS_URL                                     | http://nats:4222            | nats.url
            NATS_URL                                     | 'nats://a:4222,http://b:4222' | nats.url
            NATS_MAX_RECONNECTS                          | -2                          | nats.max_reconnects
            NATS_MAX_PINGS_OUT                           | 0                           | nats.max_pings_out
            NATS_TLS_CERT_FILE                           | /etc/nats/tls.crt           | nats.tls_key_file
            APP_PONG_WAIT_SECONDS                        | 20                          | app.pong_wait_seconds
            APP_MAX_MISSED_PONGS                         | -1                          | app.max_missed_pongs
            APP_NATS_MAX_ACK_PENDING                     | 0                           | app.nats_max_ack_pending
            APP_SERVICE_NAME                             | ''                          | app.service_name
            APP_WEBSOCKET_COMPRESSION_THRESHOLD          | -1                          | app.websocket_compression_threshold
            APP_GRPC_CIRCUITBREAKER_FAIL_THRESHOLD       | 0                           | app.grpc_circuitbreaker_fail_threshold
            APP_WEBSOCKET_SLOW_CLIENT_LATENCY_MS         | 40000                       | app.websocket_slow_client_latency_ms
            APP_ALLOWED_ORIGINS                          | 'https://a.example,https://b example' | app.allowed_origins
            APP_RECOVERY_MAX_EVENTS                      | -1                          | app.recovery_max_events
            """)
    void ruleViolationNamesTheKey(String variableSuffix, String value, String key) {
        assertThat(problemsWith(variableSuffix, value)).anySatisfy(problem -> assertThat(problem).startsWith(key + ": "));
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource(delimiter = '|', textBlock = """
            LOG_LEVEL                  | DEBUG
            NATS_MAX_DELIVER           | -1
            NATS_URL                   | 'nats://a:4222, tls://b:4222'
            NATS_URL                   | wss://nats.example:443
            NATS_SUBJECT_PREFIX        | ws.events
            REDIS_ADDRESS              | redis:6379
            REDIS_ADDRESS              | '[::1]:6379'
            SERVER_ADVERTISE_ADDRESS   | 10.0.0.7:50051
            APP_MAX_CONNECTIONS        | 0
            APP_MAX_INVALID_MESSAGES   | 0
            APP_NATS_MAX_ACK_PENDING   | -1
            APP_MAX_FRAME_BYTES        | 1024
            APP_CLIENT_MESSAGES_BURST  | 20
            """)
    void acceptedValues(String variableSuffix, String value) {
        assertThat(problemsWith(variableSuffix, value)).isEmpty();
    }

    @Test
    void badAesKeyMessageGivesTheLengthButNeverTheKey() {
        String shortKey = "0123456789abcdef0123";
        String notHex = "z".repeat(64);

        assertThat(problemsWith("AUTH_TOKEN_AES_KEY", shortKey)).singleElement().asString()
                .isEqualTo("auth.token_aes_key: must be 64 hexadecimal characters (32 bytes), found 20 characters")
                .doesNotContain(shortKey);
        assertThat(problemsWith("AUTH_ADMIN_TOKEN_AES_KEY", notHex)).singleElement().asString()
                .startsWith("auth.admin_token_aes_key: must be 64 hexadecimal characters (32 bytes)")
                .contains("64")
                .doesNotContain(notHex);
    }

    @Test
    void secretTokenMessagesNeverCarryTheToken() {
        assertThat(problemsWith("AUTH_ADMIN_SECRET_TOKEN", SHIPPED_SECRET_TOKEN))
                .noneSatisfy(problem -> assertThat(problem).contains(SHIPPED_SECRET_TOKEN));
        assertThat(problemsWith("AUTH_ADMIN_TOKEN_AES_KEY", SHIPPED_AES_KEY))
                .noneSatisfy(problem -> assertThat(problem).contains(SHIPPED_AES_KEY));
    }

    @Test
    void natsUrlIsNeverEchoedBecauseItMayHoldAPassword() {
        assertThat(problemsWith("NATS_URL", "http://user:hunter2@nats:4222")).singleElement().asString()
                .startsWith("nats.url: ").doesNotContain("hunter2");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> env = Map.of(
                "DAISI_WS_SERVER_HTTP_PORT", "0",
                "DAISI_WS_LOG_LEVEL", "loud",
                "DAISI_WS_APP_HANDSHAKE_ERRORS", "maybe");
        GatewayConfig config = TestConfigs.defaultsOnly(dir, env).load().config();

        assertThatThrownBy(() -> ConfigValidator.validate(config))
                .isInstanceOfSatisfying(ConfigException.class, error -> assertThat(error.problems()).containsExactly(
                        "server.http_port: must be from 1 to 65535, got 0",
                        "log.level: must be one of debug, error, info, trace, warn, got \"loud\"",
                        "app.handshake_errors: must be one of close, http, got \"maybe\""))
                .hasMessageContaining("server.http_port")
                .hasMessageContaining("log.level")
                .hasMessageContaining("app.handshake_errors");
    }
}
