package io.daisi.ws.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The browser client library ({@code clients/js/daisi-ws.js}, copied into the jar at build
 * time) served at {@code GET /client/daisi-ws.js}: as {@code text/javascript}, readable from
 * any origin, since front-ends on other hosts import it as an ES module.
 */
final class ClientLibrary {
    static final String CONTENT_TYPE = "text/javascript; charset=utf-8";
    private static final String RESOURCE = "/io/daisi/ws/transport/client/daisi-ws.js";
    private static final Optional<byte[]> SOURCE = load();

    private ClientLibrary() {
    }

    /** Empty when the jar was built without it (e.g. classes run from an IDE that skipped the copy). */
    static Optional<byte[]> source() {
        return SOURCE;
    }

    private static Optional<byte[]> load() {
        try (InputStream in = ClientLibrary.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
