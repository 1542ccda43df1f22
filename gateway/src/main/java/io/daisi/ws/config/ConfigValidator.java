package io.daisi.ws.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a loaded config before it is used. Reports every problem at once, each starting
 * with the dotted key; messages about secret keys never carry the value.
 */
public final class ConfigValidator {

    private static final Set<String> DROP_POLICIES = Set.of("catch_up", "drop_oldest", "block");
    private static final Set<String> COMPRESSION_MODES = Set.of("disabled", "context_takeover", "no_context_takeover");
    private static final Set<String> HANDSHAKE_ERRORS = Set.of("close", "http");
    private static final Set<String> DELIVERY_MODES = Set.of("shared", "per_pod");
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");
    private static final Set<String> LOG_FORMATS = Set.of("json", "text");
    private static final List<String> NATS_SCHEMES = List.of("nats://", "tls://", "ws://", "wss://");
    private static final int AES_KEY_HEX_CHARS = 64;
    private static final int MIN_FRAME_BYTES = 1024;

    private ConfigValidator() {
    }

    /** @throws ConfigException listing every problem */
    public static void validate(GatewayConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Every problem, in key order; empty = valid. */
    public static List<String> problems(GatewayConfig config) {
        Problems problems = new Problems();
        server(config.server(), problems);
        nats(config.nats(), problems);
        redis(config.redis(), problems);
        problems.oneOf("log.level", config.log().level().toLowerCase(Locale.ROOT), LOG_LEVELS);
        problems.oneOf("log.format", config.log().format(), LOG_FORMATS);
        auth(config.auth(), problems);
        app(config.app(), problems);
        adaptiveTtl("adaptive_ttl.session_lock", config.adaptiveTtl().sessionLock(), problems);
        adaptiveTtl("adaptive_ttl.message_route", config.adaptiveTtl().messageRoute(), problems);
        adaptiveTtl("adaptive_ttl.chat_route", config.adaptiveTtl().chatRoute(), problems);
        durations(config, problems);
        return problems.list();
    }

    private static void server(ServerConfig server, Problems problems) {
        problems.range("server.http_port", server.httpPort(), 1, 65535);
        problems.range("server.grpc_port", server.grpcPort(), 1, 65535);
        problems.check(server.httpPort() != server.grpcPort(), "server.grpc_port",
                "must differ from server.http_port (both are " + server.grpcPort() + ")");
        problems.check(!containsWhitespace(server.podId()), "server.pod_id", "must not contain whitespace");
        problems.nonEmpty("server.pod_address_template", server.podAddressTemplate());
        problems.nonEmpty("server.bind_address", server.bindAddress());
        problems.hostPortOrEmpty("server.advertise_address", server.advertiseAddress());
        pemPair("server.tls_cert_file", server.tlsCertFile(), "server.tls_key_file", server.tlsKeyFile(), problems);
        pemPair("server.grpc_tls_cert_file", server.grpcTlsCertFile(), "server.grpc_tls_key_file",
                server.grpcTlsKeyFile(), problems);
        problems.check(server.grpcTlsCaFile().isEmpty() || server.grpcTlsEnabled(), "server.grpc_tls_ca_file",
                "needs server.grpc_tls_cert_file and server.grpc_tls_key_file (mutual TLS is TLS first)");
        problems.readableOrEmpty("server.grpc_tls_ca_file", server.grpcTlsCaFile());
        // sent as an ASCII header value; the value itself is never echoed
        problems.check(server.peerAuthToken().chars().allMatch(c -> c > ' ' && c < 127), "server.peer_auth_token",
                "must be printable ASCII without spaces");
    }

    private static void pemPair(String certKey, String cert, String keyKey, String key, Problems problems) {
        problems.check(cert.isEmpty() == key.isEmpty(), keyKey, certKey + " and " + keyKey + " must be set together");
        problems.readableOrEmpty(certKey, cert);
        problems.readableOrEmpty(keyKey, key);
    }

    private static void nats(NatsConfig nats, Problems problems) {
        // the URL may carry user:password, so it is never echoed
        boolean urlOk = nats.url().isEmpty() || List.of(nats.url().split(",")).stream()
                .map(String::trim)
                .allMatch(url -> NATS_SCHEMES.stream().anyMatch(url::startsWith) && url.length() > 7);
        problems.check(urlOk, "nats.url", "must be empty or URLs (comma-separated) starting with "
                + String.join(", ", NATS_SCHEMES));
        natsName("nats.stream_name", nats.streamName(), ".*>/\\", problems);
        natsName("nats.consumer_name", nats.consumerName(), ".*>/\\", problems);
        // dots are the subject separator, so allowed inside the prefix but not at its ends
        natsName("nats.subject_prefix", nats.subjectPrefix(), "*>", problems);
        problems.check(!nats.subjectPrefix().startsWith(".") && !nats.subjectPrefix().endsWith("."),
                "nats.subject_prefix", "must not start or end with '.'");
        problems.check(nats.maxDeliver() >= 1 || nats.maxDeliver() == -1, "nats.max_deliver",
                "must be at least 1, or -1 for unlimited, got " + nats.maxDeliver());
        problems.oneOf("nats.delivery_mode", nats.deliveryMode(), DELIVERY_MODES);
        problems.atLeast("nats.max_reconnects", nats.maxReconnects(), -1);
        problems.atLeast("nats.max_pings_out", nats.maxPingsOut(), 1);
        problems.check(nats.tlsCertFile().isEmpty() == nats.tlsKeyFile().isEmpty(), "nats.tls_key_file",
                "nats.tls_cert_file and nats.tls_key_file must be set together");
    }

    private static void natsName(String key, String value, String forbidden, Problems problems) {
        problems.nonEmpty(key, value);
        boolean clean = !containsWhitespace(value) && value.chars().noneMatch(c -> forbidden.indexOf(c) >= 0);
        String listed = String.join(" ", forbidden.chars().mapToObj(Character::toString).toList());
        problems.check(clean, key, "must not contain whitespace or any of " + listed + ", got \"" + value + "\"");
    }

    private static void redis(RedisConfig redis, Problems problems) {
        problems.hostPortOrEmpty("redis.address", redis.address());
        problems.atLeast("redis.db", redis.db(), 0);
    }

    private static void auth(AuthConfig auth, Problems problems) {
        problems.nonEmpty("auth.secret_token", auth.secretToken());
        problems.nonEmpty("auth.admin_secret_token", auth.adminSecretToken());
        // one token for both would give every client admin rights
        problems.check(auth.secretToken().isEmpty() || !auth.secretToken().equals(auth.adminSecretToken()),
                "auth.admin_secret_token", "must differ from auth.secret_token");
        aesKey("auth.token_aes_key", auth.tokenAesKey(), problems);
        aesKey("auth.admin_token_aes_key", auth.adminTokenAesKey(), problems);
        problems.check(auth.tokenAesKey().isEmpty() || !auth.tokenAesKey().equalsIgnoreCase(auth.adminTokenAesKey()),
                "auth.admin_token_aes_key", "must differ from auth.token_aes_key");
    }

    private static void aesKey(String key, String value, Problems problems) {
        String expected = "must be " + AES_KEY_HEX_CHARS + " hexadecimal characters (32 bytes)";
        if (value.length() != AES_KEY_HEX_CHARS) {
            problems.add(key, expected + ", found " + value.length() + " characters");
        } else if (!value.chars().allMatch(HexFormat::isHexDigit)) {
            problems.add(key, expected + ", found " + value.length() + " characters that are not all hexadecimal");
        }
    }

    private static void app(AppConfig app, Problems problems) {
        problems.nonEmpty("app.service_name", app.serviceName());
        problems.check(app.pongWaitSeconds() > app.pingIntervalSeconds(), "app.pong_wait_seconds",
                "must be greater than app.ping_interval_seconds (" + app.pingIntervalSeconds()
                        + "), or healthy clients time out between pings");
        problems.atLeast("app.max_missed_pongs", app.maxMissedPongs(), 0);
        problems.check(app.ttlRefreshIntervalSeconds() < app.sessionTtlSeconds(), "app.ttl_refresh_interval_seconds",
                "must be less than app.session_ttl_seconds (" + app.sessionTtlSeconds()
                        + "), or sessions expire between refreshes");
        problems.check(app.ttlRefreshIntervalSeconds() < app.routeTtlSeconds(), "app.ttl_refresh_interval_seconds",
                "must be less than app.route_ttl_seconds (" + app.routeTtlSeconds()
                        + "), or routes expire between refreshes");
        problems.check(app.natsMaxAckPending() >= 1 || app.natsMaxAckPending() == -1, "app.nats_max_ack_pending",
                "must be at least 1, or -1 for unlimited, got " + app.natsMaxAckPending());
        problems.oneOf("app.websocket_compression_mode", app.websocketCompressionMode(), COMPRESSION_MODES);
        problems.atLeast("app.websocket_compression_threshold", app.websocketCompressionThreshold(), 0);
        problems.atLeast("app.grpc_circuitbreaker_fail_threshold", app.grpcCircuitbreakerFailThreshold(), 1);
        problems.atLeast("app.websocket_message_buffer_size", app.websocketMessageBufferSize(), 1);
        problems.oneOf("app.websocket_backpressure_drop_policy", app.websocketBackpressureDropPolicy(), DROP_POLICIES);
        problems.check(app.websocketSlowClientLatencyMs() <= app.websocketSlowClientDisconnectThresholdMs(),
                "app.websocket_slow_client_latency_ms", "must not exceed app.websocket_slow_client_disconnect_threshold_ms ("
                        + app.websocketSlowClientDisconnectThresholdMs() + ")");
        problems.check(app.allowedOrigins().stream().noneMatch(ConfigValidator::blankOrSpaced),
                "app.allowed_origins", "entries must be non-empty and contain no whitespace");
        problems.oneOf("app.handshake_errors", app.handshakeErrors(), HANDSHAKE_ERRORS);
        problems.atLeast("app.max_invalid_messages", app.maxInvalidMessages(), 0);
        problems.atLeast("app.max_frame_bytes", app.maxFrameBytes(), MIN_FRAME_BYTES);
        problems.atLeast("app.client_messages_per_second", app.clientMessagesPerSecond(), 1);
        problems.check(app.clientMessagesBurst() >= app.clientMessagesPerSecond(), "app.client_messages_burst",
                "must be at least app.client_messages_per_second (" + app.clientMessagesPerSecond()
                        + "), got " + app.clientMessagesBurst());
        problems.atLeast("app.max_connections", app.maxConnections(), 0);
        problems.atLeast("app.recovery_max_events", app.recoveryMaxEvents(), 0);
        problems.atLeast("app.standalone_history_size", app.standaloneHistorySize(), 1);
        problems.atLeast("app.shutdown_drain_seconds", app.shutdownDrainSeconds(), 0);
        problems.atLeast("app.max_connections_per_ip", app.maxConnectionsPerIp(), 0);
        problems.atLeast("app.handshakes_per_second_per_ip", app.handshakesPerSecondPerIp(), 0);
        app.trustedProxies().stream().filter(entry -> IpRange.parse(entry).isEmpty()).forEach(entry ->
                problems.add("app.trusted_proxies", "\"" + entry + "\" is not an IP address or CIDR block"));
    }

    private static void adaptiveTtl(String section, AdaptiveTtlRules rules, Problems problems) {
        problems.check(rules.minTtlSeconds() <= rules.maxTtlSeconds(), section + ".min_ttl_seconds",
                "must not exceed " + section + ".max_ttl_seconds (" + rules.maxTtlSeconds() + "), got "
                        + rules.minTtlSeconds());
    }

    /** Every TTL, interval, timeout and delay (the *_seconds and *_ms keys) must be positive. */
    private static void durations(GatewayConfig config, Problems problems) {
        for (Map.Entry<String, Object> entry : ConfigSchema.GATEWAY.flatten(config).entrySet()) {
            String key = entry.getKey();
            if ((key.endsWith("_seconds") || key.endsWith("_ms")) && entry.getValue() instanceof Number value) {
                problems.check(value.longValue() > 0, key, "must be positive, got " + value);
            }
        }
    }

    private static boolean containsWhitespace(String value) {
        return value.chars().anyMatch(Character::isWhitespace);
    }

    private static boolean blankOrSpaced(String value) {
        return value.isBlank() || containsWhitespace(value);
    }

    /** Collects messages as "dotted.key: what is wrong". */
    private static final class Problems {
        private final List<String> list = new ArrayList<>();

        void add(String key, String message) {
            list.add(key + ": " + message);
        }

        void check(boolean ok, String key, String message) {
            if (!ok) {
                add(key, message);
            }
        }

        void nonEmpty(String key, String value) {
            check(!value.isEmpty(), key, "must not be empty");
        }

        void range(String key, long value, long min, long max) {
            check(value >= min && value <= max, key, "must be from " + min + " to " + max + ", got " + value);
        }

        void atLeast(String key, long value, long min) {
            check(value >= min, key, "must be at least " + min + ", got " + value);
        }

        void oneOf(String key, String value, Set<String> allowed) {
            check(allowed.contains(value), key,
                    "must be one of " + String.join(", ", allowed.stream().sorted().toList()) + ", got \"" + value + "\"");
        }

        void readableOrEmpty(String key, String file) {
            check(file.isEmpty() || Files.isReadable(Path.of(file)), key, "file \"" + file + "\" cannot be read");
        }

        void hostPortOrEmpty(String key, String value) {
            check(value.isEmpty() || isHostPort(value), key, "must be empty or host:port, got \"" + value + "\"");
        }

        List<String> list() {
            return List.copyOf(list);
        }
    }

    /** host:port with a port from 1 to 65535; an IPv6 host goes in brackets. */
    private static boolean isHostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        String host = value.substring(0, colon);
        String port = value.substring(colon + 1);
        boolean hostOk = host.startsWith("[")
                ? host.endsWith("]") && host.length() > 2
                : !host.contains(":") && !host.contains("/") && !containsWhitespace(host);
        boolean portOk = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
        return hostOk && portOk;
    }
}
