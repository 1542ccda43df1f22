package io.daisi.ws.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process of its own for a test: a free port, a temporary directory with the
 * log in it, and a life cycle tests drive to simulate outages ({@link #stop()},
 * {@link #kill()}, then {@link #start()} again on the same port and directory).
 */
public abstract class LocalServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration READY_POLL = Duration.ofMillis(25);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Path binary;
    private final int port;
    private final Path dir;
    private final Path log;
    private Process process;
    private int starts;
    private boolean closed;

    protected LocalServer(String name, Path binary) {
        this.name = name;
        this.binary = binary;
        this.port = FreePorts.next();
        this.dir = TempDirs.create("daisi-ws-" + name + "-");
        this.log = dir.resolve(name + ".log");
        Reaper.watch(dir);
    }

    /**
     * Starts {@code server} for a factory method, cleaning up if it does not come up
     * so that a failed start leaves no directory behind.
     */
    protected static <S extends LocalServer> S started(S server) {
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The server's arguments; the port and directory stay the same across restarts. */
    protected abstract List<String> arguments();

    /** Whether the server serves requests yet; called repeatedly while it starts. */
    protected abstract boolean isReady();

    public final int port() {
        return port;
    }

    /** The server's own temporary directory, deleted by {@link #close()}. */
    public final Path dir() {
        return dir;
    }

    /** The server's output, kept across restarts. */
    public final Path logFile() {
        return log;
    }

    public final synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Whether something accepts TCP connections on {@link #port()}. */
    public final boolean acceptsConnections() {
        try (Socket socket = connect(PROBE_TIMEOUT)) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the server, again on the same port and directory after {@link #stop()} or
     * {@link #kill()}, and waits until it is ready.
     *
     * @throws IllegalStateException if it is not ready within 10 s, with the log's tail
     */
    public final synchronized void start() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments());
        appendToLog("---- start " + ++starts + ": " + String.join(" ", command) + System.lineSeparator());
        // Output goes to a file: a pipe nobody reads fills up and blocks the server.
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
        Reaper.watch(process);
        awaitReady();
    }

    /** Stops the server gracefully (SIGTERM), forcibly if it has not exited after 5 s. */
    public final synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!awaitExit(STOP_GRACE)) {
            process.destroyForcibly();
            awaitExit(STOP_GRACE);
        }
        forgetProcess();
    }

    /** Kills the server abruptly (SIGKILL), as a crash or a lost machine would. */
    public final synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(STOP_GRACE);
        forgetProcess();
    }

    /** Stops the server and deletes its directory; it cannot start again. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        TempDirs.delete(dir);
        Reaper.forget(dir);
    }

    /** The last lines of the server's log, to explain a failure. */
    public final String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A connection to the server, with {@code timeout} for connecting and for each read. */
    protected final Socket connect(Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(FreePorts.HOST, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return name + " on " + FreePorts.HOST + ":" + port;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!isReady()) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                forgetProcess();
                throw startFailure("exited with code " + code + " before it was ready");
            }
            if (System.nanoTime() - deadline > 0) {
                kill();
                throw startFailure("was not ready within " + READY_TIMEOUT.toSeconds() + " s");
            }
            pause(READY_POLL);
        }
    }

    private IllegalStateException startFailure(String what) {
        return new IllegalStateException(this + " " + what + "; last lines of " + log + ":"
                + System.lineSeparator() + logTail());
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to exit", e);
        }
    }

    private void forgetProcess() {
        Reaper.forget(process);
        process = null;
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }
}
