package io.daisi.ws.config;

import static io.daisi.ws.config.TestConfigs.loader;
import static io.daisi.ws.config.TestConfigs.write;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ConfigWatcher watcher;

    @AfterEach
    void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private LiveConfig watch(ConfigLoader loader) {
        LiveConfig live = LiveConfig.load(loader);
        watcher = new ConfigWatcher(live, Duration.ofMillis(50));
        watcher.start();
        return live;
    }

    private static String pingInterval(int seconds) {
        return "app:\n  ping_interval_seconds: " + seconds + "\n";
    }

    private static void awaitPingInterval(LiveConfig live, int seconds) {
        await().atMost(BOUND).until(() -> live.current().app().pingIntervalSeconds() == seconds);
    }

    @Test
    void writingTheFileReloads() {
        Path file = write(dir.resolve("gw.yaml"), pingInterval(20));
        LiveConfig live = watch(loader(file, Map.of()));

        write(file, pingInterval(25));

        awaitPingInterval(live, 25);
    }

    @Test
    void replacingTheFileByAtomicMoveReloads() throws IOException {
        Path file = write(dir.resolve("gw.yaml"), pingInterval(20));
        LiveConfig live = watch(loader(file, Map.of()));

        Path next = write(dir.resolve("gw.yaml.new"), pingInterval(26));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        awaitPingInterval(live, 26);
    }

    @Test
    void fixingARejectedFileReloads() {
        Path file = write(dir.resolve("gw.yaml"), pingInterval(20));
        try (CapturedLogs logs = new CapturedLogs(LiveConfig.class)) {
            LiveConfig live = watch(loader(file, Map.of()));

            write(file, "app:\n  ping_interval_seconds: often\n");
            await().atMost(BOUND).until(() -> !logs.messagesAt(Level.ERROR).isEmpty());
            write(file, pingInterval(28));

            awaitPingInterval(live, 28);
        }
    }

    /** How the kubelet updates a mounted ConfigMap: the file is a link through ..data, which is swapped. */
    @Test
    void kubernetesConfigMapUpdateReloads() throws IOException {
        Path mount = Files.createDirectories(dir.resolve("mount"));
        write(mount.resolve("..v1").resolve("config.yaml"), pingInterval(20));
        Files.createSymbolicLink(mount.resolve("..data"), Path.of("..v1"));
        Path file = Files.createSymbolicLink(mount.resolve("config.yaml"), Path.of("..data", "config.yaml"));
        LiveConfig live = watch(loader(file, Map.of()));

        write(mount.resolve("..v2").resolve("config.yaml"), pingInterval(27));
        Path tmpLink = Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of("..v2"));
        Files.move(tmpLink, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

        awaitPingInterval(live, 27);
    }

    @Test
    void sighupReloadsTheEnvironmentWhenThereIsNoFile() throws Exception {
        Map<String, String> env = new ConcurrentHashMap<>();
        LiveConfig live = watch(TestConfigs.defaultsOnly(dir, env));
        // without our handler, SIGHUP would end the test JVM
        Assumptions.assumeTrue(watcher.handlesHangup(), "SIGHUP cannot be handled here");

        env.put("DAISI_WS_APP_PING_INTERVAL_SECONDS", "21");
        String pid = Long.toString(ProcessHandle.current().pid());
        new ProcessBuilder("kill", "-HUP", pid).inheritIO().start().waitFor();

        awaitPingInterval(live, 21);
    }
}
