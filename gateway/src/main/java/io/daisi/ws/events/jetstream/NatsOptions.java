package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.NatsConfig;
import io.daisi.ws.observability.LogRedaction;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Translates the {@code nats} section into jnats options. A zero or negative timing keeps
 * jnats' default, as the reference's {@code if x > 0} checks did; {@code max_reconnects}
 * -1 is "forever" in both.
 */
final class NatsOptions {
    private NatsOptions() {
    }

    static Options.Builder builder(NatsConfig config, String podId) {
        Options.Builder b = new Options.Builder()
                .servers(servers(config.url()))
                .connectionName(podId);
        if (config.maxReconnects() != 0) {
            b.maxReconnects(config.maxReconnects());
        }
        if (config.reconnectWaitSeconds() > 0) {
            b.reconnectWait(Duration.ofSeconds(config.reconnectWaitSeconds()));
        }
        if (config.connectTimeoutSeconds() > 0) {
            b.connectionTimeout(Duration.ofSeconds(config.connectTimeoutSeconds()));
        }
        if (config.pingIntervalSeconds() > 0) {
            b.pingInterval(Duration.ofSeconds(config.pingIntervalSeconds()));
        }
        if (config.maxPingsOut() > 0) {
            b.maxPingsOut(config.maxPingsOut());
        }
        if (!config.user().isEmpty()) {
            b.userInfo(config.user(), config.password());
        }
        if (!config.token().isEmpty()) {
            b.token(config.token().toCharArray());
        }
        if (!config.credsFile().isEmpty()) {
            b.authHandler(Nats.credentials(config.credsFile()));
        }
        if (config.tls()) {
            b.sslContext(TlsContexts.client(config));
        }
        return b;
    }

    /** {@code nats.url} may list several servers separated by commas, as the Go client accepts. */
    static String[] servers(String url) {
        String[] servers = Arrays.stream(url.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        if (servers.length == 0) {
            throw new ConfigException("nats.url: no server given");
        }
        return servers;
    }

    /** The URL with any {@code user:password@} replaced, for logs. */
    static String displayUrl(String url) {
        return redact(Arrays.stream(url.split(",")).map(String::strip).collect(Collectors.joining(",")));
    }

    /** {@code text} (an error message, say) with the user info of every URL in it replaced. */
    static String redact(String text) {
        return LogRedaction.urls(text);
    }
}
