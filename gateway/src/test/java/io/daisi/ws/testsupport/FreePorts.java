package io.daisi.ws.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free TCP ports on 127.0.0.1 for servers started by tests. */
public final class FreePorts {

    // A port is free only until someone binds it; remembering what was handed out keeps
    // two servers of one test run from being given the same port before either started,
    // and keeps a stopped server's port from going to another one while it is down.
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** Where the test servers listen: IPv4 loopback explicitly, whatever the JVM prefers. */
    static final String HOST = "127.0.0.1";

    private FreePorts() {
    }

    /** A port nothing listens on right now and that this JVM has not handed out before. */
    public static synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = bindAnyPort();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no fresh free port after 100 attempts");
    }

    private static int bindAnyPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a port on 127.0.0.1", e);
        }
    }
}
