package io.daisi.ws.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private nats-server with JetStream on a free port of 127.0.0.1. Its store directory
 * stays across {@link #stop()}/{@link #kill()} and {@link #start()}, so streams and
 * their messages survive a restart, as they do in production.
 */
public final class NatsServer extends LocalServer {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final int monitorPort = FreePorts.next();

    private NatsServer() {
        super("nats-server", Binaries.find("nats-server", Path.of("/usr/sbin/nats-server")));
    }

    /** Starts a new server and waits until it greets clients. */
    public static NatsServer launch() {
        return started(new NatsServer());
    }

    /** {@code nats://127.0.0.1:port}, for the gateway's configuration and for clients. */
    public String url() {
        return "nats://" + FreePorts.HOST + ":" + port();
    }

    /** The port of the HTTP monitoring endpoints, e.g. {@code /jsz?streams=true}. */
    public int monitorPort() {
        return monitorPort;
    }

    /** {@code http://127.0.0.1:monitorPort}. */
    public String monitorUrl() {
        return "http://" + FreePorts.HOST + ":" + monitorPort;
    }

    /** Where JetStream keeps its data; the same for every start of this server. */
    public Path storeDir() {
        return dir().resolve("store");
    }

    @Override
    protected List<String> arguments() {
        return List.of(
                "-js",
                "-a", FreePorts.HOST,
                "-p", Integer.toString(port()),
                "-m", Integer.toString(monitorPort),
                "-sd", storeDir().toString());
    }

    /**
     * The server greets every client with an INFO line. It opens its client port only
     * after JetStream is up, so a greeting also means JetStream is ready.
     */
    @Override
    protected boolean isReady() {
        try (Socket socket = connect(PROBE_TIMEOUT);
             BufferedReader in = new BufferedReader(
                     new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
            String greeting = in.readLine();
            return greeting != null && greeting.startsWith("INFO {");
        } catch (IOException e) {
            return false;
        }
    }
}
