package io.daisi.ws.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A reload that changed something: both configs and the dotted keys that differ.
 *
 * @param changedKeys leaf keys such as {@code app.ping_interval_seconds}, in declaration order
 */
public record ConfigChange(GatewayConfig previous, GatewayConfig next, Set<String> changedKeys) {

    /**
     * Keys read only while starting up: listening sockets, the pod's identity, broker and
     * store connections, and the JetStream stream and consumer definitions.
     */
    private static final List<String> RESTART_ONLY_PREFIXES = List.of(
            "server.http_port",
            "server.grpc_port",
            "server.bind_address",
            "server.pod_id",
            "server.advertise_address",
            "server.pod_address_template",
            "server.enable_reflection",
            "server.tls_",
            "server.peer_auth_token",
            "server.grpc_tls_",
            "auth.token_aes_key",
            "auth.admin_token_aes_key",
            "nats.",
            "redis.",
            "app.nats_max_ack_pending",
            "app.nats_ack_wait_seconds");

    public ConfigChange {
        changedKeys = Collections.unmodifiableSet(new LinkedHashSet<>(changedKeys));
    }

    /** Whether a key, or any key under a section such as {@code "app"} or {@code "adaptive_ttl.chat_route"}, changed. */
    public boolean changed(String keyOrSection) {
        return changedKeys.stream().anyMatch(key -> key.equals(keyOrSection) || key.startsWith(keyOrSection + "."));
    }

    /** The changed keys that the running gateway will not pick up until it restarts. */
    public Set<String> restartRequired() {
        Set<String> keys = new LinkedHashSet<>();
        for (String key : changedKeys) {
            if (RESTART_ONLY_PREFIXES.stream().anyMatch(key::startsWith)) {
                keys.add(key);
            }
        }
        return Collections.unmodifiableSet(keys);
    }
}
