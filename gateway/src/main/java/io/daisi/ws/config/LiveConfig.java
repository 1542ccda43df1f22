package io.daisi.ws.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config in force, replaced as a whole by {@link #reload()} when the sources change
 * and the result is valid. Readers call {@link #current()} each time rather than keeping
 * a copy; components that must act on a change register a listener.
 */
public final class LiveConfig {

    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    private final ConfigLoader loader;
    private final AtomicReference<GatewayConfig> current;
    private final List<Consumer<ConfigChange>> listeners = new CopyOnWriteArrayList<>();

    private LiveConfig(ConfigLoader loader, GatewayConfig initial) {
        this.loader = loader;
        this.current = new AtomicReference<>(initial);
    }

    /**
     * Loads and validates the first config; warnings are logged.
     *
     * @throws ConfigException if it cannot be loaded or is invalid: the gateway must not start
     */
    public static LiveConfig load(ConfigLoader loader) {
        return load(loader, config -> { });
    }

    /**
     * As {@link #load(ConfigLoader)}, with {@code setUpLogging} applied to the loaded (not yet
     * validated) config before anything is logged, so the first lines already have the
     * configured {@code log.format} and {@code log.level}.
     */
    public static LiveConfig load(ConfigLoader loader, Consumer<GatewayConfig> setUpLogging) {
        LoadedConfig loaded = loader.load();
        setUpLogging.accept(loaded.config());
        logWarnings(loaded);
        ConfigValidator.validate(loaded.config());
        log.info("configuration loaded from {}", describeSource(loaded.file()));
        return new LiveConfig(loader, loaded.config());
    }

    public GatewayConfig current() {
        return current.get();
    }

    /** The file reloads read; empty = built-in defaults and environment only. */
    public Optional<Path> file() {
        return loader.file();
    }

    /** Called after each applied reload, on the reloading thread. */
    public void addListener(Consumer<ConfigChange> listener) {
        listeners.add(listener);
    }

    /**
     * Loads and validates the same sources again. An invalid result is logged and
     * rejected, and the config in force stays; a valid, different one replaces it and
     * listeners are notified.
     */
    public synchronized ReloadResult reload() {
        LoadedConfig loaded;
        try {
            loaded = loader.load();
            logWarnings(loaded);
            ConfigValidator.validate(loaded.config());
        } catch (ConfigException e) {
            log.error("configuration reload rejected, keeping the configuration in force: {}", e.getMessage());
            return new ReloadResult.Rejected(e.problems());
        }
        GatewayConfig previous = current.get();
        GatewayConfig next = loaded.config();
        ConfigChange change = new ConfigChange(previous, next, ConfigSchema.GATEWAY.changedKeys(previous, next));
        if (change.changedKeys().isEmpty()) {
            log.info("configuration reloaded from {}: nothing changed", describeSource(loaded.file()));
            return new ReloadResult.Unchanged();
        }
        current.set(next);
        log.info("configuration reloaded from {}: changed {}", describeSource(loaded.file()), describe(change));
        if (!change.restartRequired().isEmpty()) {
            log.warn("changed keys that take effect only after a restart: {}",
                    String.join(", ", change.restartRequired()));
        }
        notifyListeners(change);
        return new ReloadResult.Applied(change);
    }

    private void notifyListeners(ConfigChange change) {
        for (Consumer<ConfigChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                // one broken listener must not keep the others on the old config
                log.error("configuration listener {} failed", listener, e);
            }
        }
    }

    /** Keys with old and new values, except secrets, which are named only. */
    private static String describe(ConfigChange change) {
        Map<String, Object> before = ConfigSchema.GATEWAY.flatten(change.previous());
        Map<String, Object> after = ConfigSchema.GATEWAY.flatten(change.next());
        return change.changedKeys().stream()
                .map(key -> ConfigSchema.isSecret(key)
                        ? key
                        : key + " (" + before.get(key) + " -> " + after.get(key) + ")")
                .collect(Collectors.joining(", "));
    }

    private static void logWarnings(LoadedConfig loaded) {
        loaded.warnings().forEach(warning -> log.warn("configuration: {}", warning));
    }

    private static String describeSource(Optional<Path> file) {
        return file.map(Path::toString).orElse("built-in defaults and environment");
    }
}
