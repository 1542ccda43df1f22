package io.daisi.ws.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the {@link LiveConfig} when its file changes and on SIGHUP.
 *
 * <p>It watches the file's directory, not the file: editors replace files by rename and
 * Kubernetes updates a mounted ConfigMap by swapping a {@code ..data} symlink, neither of
 * which touches the original file. Any event in the directory leads, after a quiet
 * period, to a look at the file's content, and a reload only if that differs from what
 * was last loaded.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

    private final LiveConfig config;
    private final Duration debounce;
    private final Object reloadLock = new Object();
    private String lastContentHash = "";
    private Optional<WatchService> watchService = Optional.empty();
    private Optional<HangupSignal> hangup = Optional.empty();
    private boolean started;

    public ConfigWatcher(LiveConfig config) {
        this(config, DEFAULT_DEBOUNCE);
    }

    ConfigWatcher(LiveConfig config, Duration debounce) {
        this.config = config;
        this.debounce = debounce;
    }

    /** Starts watching the file (if there is one) and handling SIGHUP. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        config.file().ifPresent(this::watch);
        hangup = HangupSignal.install(this::reloadOnHangup);
    }

    /** Whether SIGHUP now triggers a reload (false where the platform has no SIGHUP). */
    public synchronized boolean handlesHangup() {
        return hangup.isPresent();
    }

    @Override
    public synchronized void close() {
        hangup.ifPresent(HangupSignal::close);
        hangup = Optional.empty();
        watchService.ifPresent(service -> {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the config watch service: {}", e.toString());
            }
        });
        watchService = Optional.empty();
    }

    private void watch(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        synchronized (reloadLock) {
            lastContentHash = contentHash(file).orElse("");
        }
        try {
            WatchService service = directory.getFileSystem().newWatchService();
            directory.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            watchService = Optional.of(service);
            Thread.ofPlatform().daemon().name("config-watcher").start(() -> watchLoop(service, file));
            log.info("watching {} for configuration changes", file);
        } catch (IOException e) {
            log.warn("cannot watch {} for changes ({}); reload with SIGHUP instead", directory, e.toString());
        }
    }

    private void watchLoop(WatchService service, Path file) {
        try {
            while (true) {
                if (!drain(service.take())) {
                    log.warn("{} can no longer be watched; reload with SIGHUP instead", file.getParent());
                    return;
                }
                // editors and ConfigMap updates arrive as bursts of events: wait for quiet
                for (WatchKey more = poll(service); more != null; more = poll(service)) {
                    drain(more);
                }
                reloadIfContentChanged(file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            log.debug("stopped watching {}", file);
        }
    }

    private WatchKey poll(WatchService service) throws InterruptedException {
        return service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Consumes the key's events; false once the directory can no longer be watched. */
    private static boolean drain(WatchKey key) {
        key.pollEvents();
        return key.reset();
    }

    private void reloadIfContentChanged(Path file) {
        synchronized (reloadLock) {
            Optional<String> hash = contentHash(file);
            if (hash.isEmpty()) {
                // mid-replacement, or deleted: keep the config in force and wait for the next event
                log.debug("{} is missing or unreadable after a change", file);
                return;
            }
            if (hash.get().equals(lastContentHash)) {
                return;
            }
            lastContentHash = hash.get();
            log.info("{} changed; reloading the configuration", file);
            reload();
        }
    }

    private void reloadOnHangup() {
        synchronized (reloadLock) {
            log.info("SIGHUP received; reloading the configuration");
            config.file().flatMap(ConfigWatcher::contentHash).ifPresent(hash -> lastContentHash = hash);
            reload();
        }
    }

    private void reload() {
        try {
            config.reload();
        } catch (RuntimeException e) {
            // keep watching: the next change may well load
            log.error("configuration reload failed", e);
        }
    }

    private static Optional<String> contentHash(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return Optional.of(HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
