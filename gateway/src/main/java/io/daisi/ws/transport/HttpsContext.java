package io.daisi.ws.transport;

import io.daisi.ws.config.ConfigException;
import io.daisi.ws.config.ServerConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The server TLS context of the HTTP port (SPEC §3) from {@code server.tls_cert_file} and
 * {@code server.tls_key_file}: PEM certificate chain and unencrypted PKCS#8 key, read by
 * Netty's builder (no PEM parsing of our own). Built once at start, so a bad file is a
 * startup error naming its keys, not a failed handshake later.
 */
public final class HttpsContext {
    private HttpsContext() {
    }

    /**
     * Empty when HTTPS is off.
     *
     * @throws ConfigException when the files cannot be read or do not hold a certificate and its key
     */
    public static Optional<SslContext> from(ServerConfig server) {
        if (!server.httpsEnabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SslContextBuilder
                    .forServer(new File(server.tlsCertFile()), new File(server.tlsKeyFile()))
                    .build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("server.tls_cert_file / server.tls_key_file: cannot be used (PEM certificate "
                    + "chain and unencrypted PKCS#8 key expected): " + e.getMessage());
        }
    }
}
