package io.daisi.ws.events.jetstream;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.NatsConfig;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The client TLS context of the NATS connection from PEM files. Netty's JDK-provider
 * builder reads PEM certificates and PKCS#8 keys, so no PEM parsing of our own.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext client(NatsConfig config) {
        boolean hasCert = !config.tlsCertFile().isEmpty();
        boolean hasKey = !config.tlsKeyFile().isEmpty();
        if (hasCert != hasKey) {
            throw new ConfigException("nats.tls_cert_file and nats.tls_key_file: set both or neither");
        }
        try {
            if (config.tlsCaFile().isEmpty() && !hasCert) {
                return SSLContext.getDefault();
            }
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (!config.tlsCaFile().isEmpty()) {
                builder.trustManager(readable("nats.tls_ca_file", config.tlsCaFile()));
            }
            if (hasCert) {
                builder.keyManager(readable("nats.tls_cert_file", config.tlsCertFile()),
                        readable("nats.tls_key_file", config.tlsKeyFile()));
            }
            return ((JdkSslContext) builder.build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("nats.tls_*: cannot build the TLS context (PEM certificates and an "
                    + "unencrypted PKCS#8 key are expected): " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }

    private static File readable(String key, String path) {
        File file = new File(path);
        if (!file.canRead()) {
            throw new ConfigException(key + ": cannot read " + path);
        }
        return file;
    }
}
