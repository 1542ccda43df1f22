package io.daisi.ws.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Collection;
import java.util.Map;

/**
 * A config written out as YAML in the shape of {@code config/config.yaml}, with every secret
 * value replaced by {@value #REDACTED}: what {@code check-config} prints, safe to paste into a
 * ticket. Secrets are the keys {@link ConfigSchema#isSecret} names (the same rule the reload
 * log uses); an empty secret stays empty, because "not set" is worth seeing and reveals nothing.
 */
public final class RedactedConfig {

    public static final String REDACTED = "<redacted>";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private RedactedConfig() {
    }

    public static String yaml(GatewayConfig config) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> entry : ConfigSchema.GATEWAY.flatten(config).entrySet()) {
            String[] segments = entry.getKey().split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < segments.length - 1; i++) {
                parent = parent.withObjectProperty(segments[i]);
            }
            parent.set(segments[segments.length - 1], shown(entry.getKey(), entry.getValue()));
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config as YAML", e);
        }
    }

    private static JsonNode shown(String path, Object value) {
        boolean hidden = ConfigSchema.isSecret(path) && switch (value) {
            case String text -> !text.isEmpty();
            case Collection<?> items -> !items.isEmpty();
            default -> false; // numbers and flags under auth. (cache TTLs) are not secrets
        };
        return hidden ? JsonNodeFactory.instance.textNode(REDACTED) : YAML.valueToTree(value);
    }
}
