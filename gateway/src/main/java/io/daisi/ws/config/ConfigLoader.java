package io.daisi.ws.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Produces a {@link GatewayConfig} from three layers: the built-in defaults (the shipped
 * {@code config.yaml} on the classpath), the config file if there is one, and
 * {@code DAISI_WS_*} environment variables. The result is not validated: see
 * {@link ConfigValidator}.
 *
 * <p>The file is chosen once, at construction; every {@link #load()} reads it and the
 * environment map again, which is what a reload needs.
 */
public final class ConfigLoader {

    /** Names the config file when there is no {@code --config}. */
    public static final String CONFIG_FILE_ENV_VAR = "DAISI_WS_CONFIG";

    private static final Path WORKING_DIR_FILE = Path.of("config", "config.yaml");
    private static final String POD_ID = "server.pod_id";
    private static final ConfigSchema SCHEMA = ConfigSchema.GATEWAY;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private final Optional<Path> file;
    private final String fileOrigin;
    private final Map<String, String> env;
    private String defaultPodId;

    /**
     * @param configFlag the {@code --config} argument, if given
     * @param env        the environment; read again on every load (production: {@code System.getenv()})
     * @param workingDir where {@code config/config.yaml} is looked for and relative paths start
     */
    public ConfigLoader(Optional<Path> configFlag, Map<String, String> env, Path workingDir) {
        this.env = env;
        Path base = workingDir.toAbsolutePath();
        String fromEnv = env.getOrDefault(CONFIG_FILE_ENV_VAR, "");
        if (configFlag.isPresent()) {
            file = Optional.of(base.resolve(configFlag.get()));
            fileOrigin = "--config";
        } else if (!fromEnv.isEmpty()) {
            file = Optional.of(base.resolve(fromEnv));
            fileOrigin = CONFIG_FILE_ENV_VAR;
        } else {
            Path local = base.resolve(WORKING_DIR_FILE);
            file = Files.exists(local) ? Optional.of(local) : Optional.empty();
            fileOrigin = "the working directory";
        }
    }

    /** The loader for this process: real environment, current directory. */
    public static ConfigLoader forProcess(Optional<Path> configFlag) {
        return new ConfigLoader(configFlag, System.getenv(), Path.of(""));
    }

    /** The built-in defaults alone (the shipped {@code config.yaml}), without file or environment. */
    public static GatewayConfig builtInDefaults() {
        return bind(Defaults.VALUES);
    }

    /** The file every load reads; empty = built-in defaults and environment only. */
    public Optional<Path> file() {
        return file;
    }

    /**
     * @throws ConfigException if the file is missing or not YAML, or a value has the wrong
     *                         type (every such key is listed)
     */
    public LoadedConfig load() {
        Layers layers = new Layers(Defaults.VALUES);
        file.ifPresent(path -> layers.addTree(readYaml(path), ""));
        layers.addEnv(env);
        if (!layers.errors.isEmpty()) {
            throw new ConfigException(layers.errors);
        }
        if (layers.values.get(POD_ID).asText().isEmpty()) {
            layers.values.put(POD_ID, TextNode.valueOf(defaultPodId()));
        }
        return new LoadedConfig(bind(layers.values), file, layers.warnings);
    }

    /** The built-in (shipped) default of a leaf key, as text; empty text for an unknown key. */
    static String builtInDefault(String path) {
        JsonNode value = Defaults.VALUES.get(path);
        return value == null ? "" : value.asText();
    }

    // Resolved once per loader so that a reload does not see a "changed" pod id.
    private synchronized String defaultPodId() {
        if (defaultPodId == null) {
            defaultPodId = DefaultPodId.resolve(env);
        }
        return defaultPodId;
    }

    private JsonNode readYaml(Path path) {
        try {
            JsonNode tree = YAML.readTree(Files.readAllBytes(path));
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": config file not found (named by " + fileOrigin + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException(path + ": not valid YAML: " + describe(e));
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read the config file: " + e);
        }
    }

    // The parser's own message quotes the offending line, which may hold a secret: keep
    // only the problem and where it is.
    private static String describe(JsonProcessingException e) {
        String problem = e.getCause() instanceof MarkedYAMLException yaml ? yaml.getProblem() : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        return at == null ? problem : problem + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static GatewayConfig bind(Map<String, JsonNode> values) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        values.forEach((path, value) -> {
            String[] segments = path.split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < segments.length - 1; i++) {
                parent = parent.withObjectProperty(segments[i]);
            }
            parent.set(segments[segments.length - 1], value);
        });
        try {
            return BINDER.treeToValue(root, GatewayConfig.class);
        } catch (JsonProcessingException e) {
            // values were coerced to the record types already: this is a bug, not bad input
            throw new IllegalStateException("config values do not bind to the records", e);
        }
    }

    /** Typed values by dotted path, built up layer by layer, with what went wrong on the way. */
    private static final class Layers {
        private final Map<String, JsonNode> defaults;
        private final Map<String, JsonNode> values;
        private final List<String> warnings = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();

        Layers(Map<String, JsonNode> defaults) {
            this.defaults = defaults;
            this.values = new LinkedHashMap<>(defaults);
        }

        /** Deep merge: keys the tree does not mention keep their value. */
        void addTree(JsonNode node, String section) {
            if (node.isMissingNode() || node.isNull()) {
                return;
            }
            if (!node.isObject()) {
                String where = section.isEmpty() ? "top level" : section;
                errors.add(where + ": expected a mapping of keys, got " + (node.isArray() ? "a list" : node));
                return;
            }
            node.properties().forEach(entry -> {
                String path = section.isEmpty() ? entry.getKey() : section + "." + entry.getKey();
                if (SCHEMA.isSection(path)) {
                    addTree(entry.getValue(), path);
                } else {
                    SCHEMA.key(path).ifPresentOrElse(
                            key -> set(key, entry.getValue(), ""),
                            () -> warnings.add("unknown key " + path + " (ignored)"));
                }
            });
        }

        void addEnv(Map<String, String> env) {
            env.keySet().stream()
                    .filter(name -> name.startsWith(ConfigSchema.ENV_PREFIX) && !name.equals(CONFIG_FILE_ENV_VAR))
                    .filter(name -> SCHEMA.keyForEnvVar(name).isEmpty())
                    .sorted()
                    .forEach(name -> warnings.add("unknown environment variable " + name + " (ignored)"));
            for (ConfigSchema.Key key : SCHEMA.keys()) {
                String raw = env.get(key.envVar());
                if (raw != null) {
                    set(key, TextNode.valueOf(raw), " (from " + key.envVar() + ")");
                }
            }
        }

        private void set(ConfigSchema.Key key, JsonNode raw, String origin) {
            boolean empty = raw.isNull() || raw.isTextual() && raw.asText().isEmpty();
            if (empty) {
                unset(key);
                return;
            }
            try {
                values.put(key.path(), key.type().coerce(raw));
            } catch (IllegalArgumentException e) {
                errors.add(key.path() + ": " + e.getMessage() + origin);
            }
        }

        // Empty means "unset": a string becomes "" (which for most string keys selects the
        // documented default behaviour), anything else goes back to the built-in default.
        private void unset(ConfigSchema.Key key) {
            if (key.type() == ValueType.STRING) {
                values.put(key.path(), TextNode.valueOf(""));
            } else if (defaults.containsKey(key.path())) {
                values.put(key.path(), defaults.get(key.path()));
            } else {
                values.remove(key.path());
            }
        }
    }

    /** The shipped config.yaml, parsed once; a mismatch with the records is a build bug. */
    private static final class Defaults {
        static final Map<String, JsonNode> VALUES = parse();

        private static Map<String, JsonNode> parse() {
            String resource = "config.yaml";
            try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in defaults " + resource + " missing from the classpath");
                }
                Layers layers = new Layers(Map.of());
                layers.addTree(YAML.readTree(in), "");
                List<String> problems = new ArrayList<>(layers.errors);
                problems.addAll(layers.warnings);
                SCHEMA.keys().stream()
                        .filter(key -> !layers.values.containsKey(key.path()))
                        .forEach(key -> problems.add("no default for " + key.path()));
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("built-in defaults do not match the config records: " + problems);
                }
                return Collections.unmodifiableMap(layers.values);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in defaults", e);
            }
        }
    }
}
