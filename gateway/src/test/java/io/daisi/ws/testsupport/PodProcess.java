package io.daisi.ws.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway pod as a separate JVM ({@link GatewayProcess}) that a fault test can kill
 * ({@code SIGKILL}), pause ({@code SIGSTOP}), resume ({@code SIGCONT}) or stop
 * ({@code SIGTERM}), with helpers to mint tokens, open sockets and read its metrics over HTTP.
 */
public final class PodProcess implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final String podId;
    private final int httpPort;
    private final Path dir;
    private final Process process;

    private PodProcess(String podId, int httpPort, Path dir, Process process) {
        this.podId = podId;
        this.httpPort = httpPort;
        this.dir = dir;
        this.process = process;
    }

    /** Starts pod {@code podId} with the test keys plus {@code env}, and waits until {@code /ready} is 200. */
    public static PodProcess start(String podId, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(TestGateway.baseEnv());
        all.putAll(env);
        int port = FreePorts.next();
        all.put("DAISI_WS_SERVER_HTTP_PORT", Integer.toString(port));
        all.put("DAISI_WS_SERVER_POD_ID", podId);
        try {
            // kept after the run (target/test-logs), to read what a pod did when a fault test fails
            Path dir = Files.createDirectories(Path.of("target", "test-logs", "pods",
                    podId + "-" + System.currentTimeMillis()));
            Process process = GatewayProcess.launch(dir, all);
            Reaper.watch(process);
            PodProcess pod = new PodProcess(podId, port, dir, process);
            try {
                await().atMost(START_WAIT).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("pod " + podId + " exited: " + pod.logTail());
                    }
                    return TestHttp.get(pod.http("/ready")).status() == 200;
                });
            } catch (RuntimeException | AssertionError e) {
                pod.close();
                throw e;
            }
            return pod;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String podId() {
        return podId;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String http(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    public String ws(String path) {
        return "ws://127.0.0.1:" + httpPort + path;
    }

    public String userToken(String company, String agent, String user) {
        TestHttp.Response response = TestHttp.post(http("/generate-token"), TestHttp.json(Map.of(
                "company_id", company, "agent_id", agent, "user_id", user, "expires_in_seconds", 3600)),
                Map.of("X-API-Key", TestGateway.API_KEY));
        if (response.status() != 200) {
            throw new AssertionError("token refused by " + podId + ": " + response.status() + " " + response.body());
        }
        return response.json().get("token").asText();
    }

    /** The user socket URL for {@code token}, with {@code ?since=} when {@code since} is not negative. */
    public String userUrl(String company, String agent, String token, long since) {
        return ws("/ws/" + company + "/" + agent + "?token=" + TestGateway.enc(token) + "&x-api-key="
                + TestGateway.enc(TestGateway.API_KEY) + (since >= 0 ? "&since=" + since : ""));
    }

    /** The HTTP port. */
    public int port() {
        return httpPort;
    }

    /** The value of one sample, named with its labels as exposed (e.g. {@code name{label="v"}}); 0 when absent. */
    public double metricSample(String sample) {
        return MetricSamples.sample(TestHttp.get(http("/metrics")).body(), sample);
    }

    /** The sum of every sample of metric {@code name} in {@code /metrics}. */
    public double metric(String name) {
        return MetricSamples.total(TestHttp.get(http("/metrics")).body(), name);
    }

    /** kill -9: a crash. */
    public void kill() {
        process.destroyForcibly();
        waitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM: a graceful stop; true if it exited within {@code within}. */
    public boolean terminate(Duration within) {
        process.destroy();
        return waitExit(within);
    }

    /** SIGSTOP: the process is frozen; its sockets and ports stay open but nothing answers. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** The heap after a forced full GC, in bytes, from {@code jcmd <pid> GC.heap_info} after {@code GC.run}. */
    public long heapUsedAfterGc() {
        run(jcmd(), Long.toString(pid()), "GC.run");
        String info = run(jcmd(), Long.toString(pid()), "GC.heap_info");
        return HeapInfo.usedBytes(info);
    }

    public String logTail() {
        try {
            String out = Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "";
            String err = Files.exists(dir.resolve("stderr.log")) ? Files.readString(dir.resolve("stderr.log")) : "";
            String all = out + err;
            return all.substring(Math.max(0, all.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Where the pod's stdout (JSON logs) and stderr are. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            signal("CONT"); // a paused process cannot act on SIGTERM
            process.destroy();
            if (!waitExit(Duration.ofSeconds(15))) {
                process.destroyForcibly();
                waitExit(Duration.ofSeconds(5));
            }
        }
    }

    private boolean waitExit(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String name) {
        if (process.isAlive()) {
            run("kill", "-" + name, Long.toString(pid()));
        }
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
