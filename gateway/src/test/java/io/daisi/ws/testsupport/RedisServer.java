package io.daisi.ws.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private redis-server on a free port of 127.0.0.1, without persistence: a restart
 * starts empty, as a Redis that lost its memory would.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.launch()) {
 *     redis.command("SET", "k", "v");
 *     redis.stop();   // outage
 *     redis.start();  // back, same port, empty
 * }
 * }</pre>
 */
public final class RedisServer extends LocalServer {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private RedisServer() {
        super("redis-server", binary());
    }

    static Path binary() {
        return Binaries.find("redis-server", Path.of("/usr/bin/redis-server"));
    }

    /** Starts a new server and waits until it answers PING. */
    public static RedisServer launch() {
        return started(new RedisServer());
    }

    /** {@code 127.0.0.1:port}, as the gateway's configuration wants it. */
    public String address() {
        return FreePorts.HOST + ":" + port();
    }

    /**
     * Sends one command on a connection of its own and renders the reply: strings as
     * they are, integers in decimal, nil as null, arrays as {@code [a, b]}.
     *
     * @throws IllegalStateException if Redis replies with an error
     * @throws UncheckedIOException if Redis cannot be reached
     */
    public String command(String... args) {
        return Resp.render(send(args));
    }

    /** Like {@link #command} for a command replying with an array, e.g. SMEMBERS. */
    public List<String> commandList(String... args) {
        if (send(args) instanceof List<?> elements) {
            return elements.stream().map(Resp::render).toList();
        }
        throw new IllegalStateException(String.join(" ", args) + " did not reply with an array");
    }

    @Override
    protected List<String> arguments() {
        // No --logfile: Redis then logs to stdout, which goes to logFile() like any
        // server's output, including what it prints before it reads its arguments.
        return List.of(
                "--port", Integer.toString(port()),
                "--bind", FreePorts.HOST,
                "--dir", dir().toString(),
                "--save", "",
                "--appendonly", "no");
    }

    @Override
    protected boolean isReady() {
        try {
            return "PONG".equals(command("PING"));
        } catch (UncheckedIOException | IllegalStateException e) {
            return false; // not listening yet, or still loading
        }
    }

    private Object send(String... args) {
        try (Socket socket = connect(COMMAND_TIMEOUT)) {
            OutputStream out = socket.getOutputStream();
            out.write(Resp.encode(args));
            out.flush();
            return Resp.read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(args[0] + " to " + this + " failed", e);
        }
    }
}
