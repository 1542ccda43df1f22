package io.daisi.ws.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.daisi.ws.testsupport.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The per-key configuration reference in docs/OPERATIONS.md is generated from the schema:
 * key, environment variable and built-in default of every row come from {@link ConfigSchema}
 * and the shipped config.yaml; only the "meaning" column is written by hand. This test
 * writes the table as it should be to {@code target/config-reference.md} (descriptions kept
 * from the document, new keys with an empty one) and fails when the document differs from it:
 * a key without a row, a row for a key that no longer exists, or a wrong default.
 * To update: copy the generated file between the markers in OPERATIONS.md and describe new keys.
 */
class ConfigReferenceTest {

    static final String START = "<!-- config-reference:start (generated: see ConfigReferenceTest) -->";
    static final String END = "<!-- config-reference:end -->";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_.]+)` \\|.*\\| ([^|]*) \\|$");
    private static final String SECRET_DEFAULT = "development value";

    @Test
    void operationsMdHasOneCorrectRowPerKey() throws IOException {
        Path doc = Repository.file("docs/OPERATIONS.md");
        String text = Files.readString(doc);
        assertThat(text).as("OPERATIONS.md holds the generated reference between its markers")
                .contains(START).contains(END);
        String documented = text.substring(text.indexOf(START) + START.length(), text.indexOf(END)).strip();

        String generated = table(descriptions(documented));
        Path out = Path.of("target", "config-reference.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, generated + "\n");

        assertThat(documented)
                .as("docs/OPERATIONS.md's configuration reference is out of date: replace it with gateway/%s", out)
                .isEqualTo(generated);
        assertThat(descriptions(documented)).as("every key has a description")
                .allSatisfy((key, meaning) -> assertThat(meaning).as(key).isNotBlank());
    }

    /** The table for the schema as it is, with the given descriptions (by key). */
    static String table(Map<String, String> descriptions) throws IOException {
        JsonNode defaults = shippedDefaults();
        List<String> lines = new ArrayList<>();
        lines.add("| key | environment variable | default | meaning |");
        lines.add("|---|---|---|---|");
        for (ConfigSchema.Key key : ConfigSchema.GATEWAY.keys()) {
            JsonNode value = defaults.at("/" + key.path().replace('.', '/'));
            lines.add("| `" + key.path() + "` | `" + key.envVar() + "` | " + shown(key, value) + " | "
                    + descriptions.getOrDefault(key.path(), "") + " |");
        }
        return String.join("\n", lines);
    }

    private static String shown(ConfigSchema.Key key, JsonNode value) {
        if (ConfigSchema.isSecret(key.path()) && value.isTextual() && !value.asText().isEmpty()) {
            return SECRET_DEFAULT;
        }
        if (value.isArray()) {
            return "`" + value + "`";
        }
        return value.isTextual() ? "`\"" + value.asText() + "\"`" : "`" + value + "`";
    }

    private static Map<String, String> descriptions(String documented) {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (String line : documented.lines().collect(Collectors.toList())) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                descriptions.put(m.group(1), m.group(2).strip());
            }
        }
        return descriptions;
    }

    private static JsonNode shippedDefaults() throws IOException {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("config.yaml")) {
            return new YAMLMapper().readTree(in);
        }
    }
}
