package io.daisi.ws.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dotted key paths of the configuration and their value types, derived from the
 * records so that a new record component is a new key everywhere (file, environment,
 * change detection) without a second list to keep in step.
 */
final class ConfigSchema {

    static final String ENV_PREFIX = "DAISI_WS_";

    /** One leaf key, e.g. {@code adaptive_ttl.session_lock.enabled}. */
    record Key(String path, ValueType type) {

        /** {@code adaptive_ttl.session_lock.enabled} → {@code DAISI_WS_ADAPTIVE_TTL_SESSION_LOCK_ENABLED}. */
        String envVar() {
            return ENV_PREFIX + path.replace('.', '_').toUpperCase(Locale.ROOT);
        }

        String name() {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    static final ConfigSchema GATEWAY = new ConfigSchema(GatewayConfig.class);

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, Key> keysByEnvVar = new HashMap<>();
    private final Set<String> sections = new HashSet<>();

    private ConfigSchema(Class<? extends Record> root) {
        collect(root, "");
        for (Key key : keys.values()) {
            Key clash = keysByEnvVar.put(key.envVar(), key);
            if (clash != null) {
                throw new IllegalStateException(
                        key.path() + " and " + clash.path() + " map to the same variable " + key.envVar());
            }
        }
    }

    private void collect(Class<?> type, String prefix) {
        for (RecordComponent component : type.getRecordComponents()) {
            String path = prefix + SNAKE_CASE.translate(component.getName());
            if (component.getType().isRecord()) {
                sections.add(path);
                collect(component.getType(), path + ".");
            } else {
                keys.put(path, new Key(path, ValueType.of(component.getType())));
            }
        }
    }

    /** Leaf keys in declaration order. */
    List<Key> keys() {
        return List.copyOf(keys.values());
    }

    Optional<Key> key(String path) {
        return Optional.ofNullable(keys.get(path));
    }

    Optional<Key> keyForEnvVar(String name) {
        return Optional.ofNullable(keysByEnvVar.get(name));
    }

    /** A path that holds keys (e.g. {@code adaptive_ttl.session_lock}) rather than a value. */
    boolean isSection(String path) {
        return sections.contains(path);
    }

    /**
     * Values that must never reach a log line: all of {@code auth.}, passwords and tokens
     * elsewhere, and URLs (which may carry user:password).
     */
    static boolean isSecret(String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        return path.startsWith("auth.")
                || List.of("password", "token", "secret", "url").stream().anyMatch(name::contains);
    }

    /** Every leaf value of a config, by dotted path, in declaration order. */
    Map<String, Object> flatten(GatewayConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        flatten(config, "", values);
        return values;
    }

    private static void flatten(Record record, String prefix, Map<String, Object> into) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String path = prefix + SNAKE_CASE.translate(component.getName());
            Object value = read(component, record);
            if (value instanceof Record nested) {
                flatten(nested, path + ".", into);
            } else {
                into.put(path, value);
            }
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    /** The dotted paths whose values differ between two configs, in declaration order. */
    Set<String> changedKeys(GatewayConfig previous, GatewayConfig next) {
        Map<String, Object> before = flatten(previous);
        Map<String, Object> after = flatten(next);
        Set<String> changed = new LinkedHashSet<>();
        before.forEach((path, value) -> {
            if (!value.equals(after.get(path))) {
                changed.add(path);
            }
        });
        return Collections.unmodifiableSet(changed);
    }
}
