package io.daisi.ws.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactedConfigTest {

    private static GatewayConfig load(Map<String, String> env) {
        return new ConfigLoader(Optional.empty(), env, Path.of("/nonexistent-dir")).load().config();
    }

    @Test
    void everyKeyIsPrintedAndEverySecretIsRedacted() throws Exception {
        GatewayConfig config = load(Map.of("DAISI_WS_NATS_URL", "nats://user:pw@nats:4222",
                "DAISI_WS_APP_ALLOWED_ORIGINS", "https://a.example"));

        String yaml = RedactedConfig.yaml(config);
        JsonNode tree = new YAMLMapper().readTree(yaml);

        for (ConfigSchema.Key key : ConfigSchema.GATEWAY.keys()) {
            JsonNode value = tree.at("/" + key.path().replace('.', '/'));
            assertThat(value.isMissingNode()).as(key.path()).isFalse();
        }
        assertThat(yaml).doesNotContain(config.auth().tokenAesKey()).doesNotContain(config.auth().secretToken())
                .doesNotContain("user:pw");
        assertThat(tree.at("/nats/url").asText()).isEqualTo(RedactedConfig.REDACTED);
        assertThat(tree.at("/app/allowed_origins/0").asText()).isEqualTo("https://a.example");
        // a reload of the printed file gives the same config, apart from the redacted values
        assertThat(tree.at("/server/http_port").asInt()).isEqualTo(config.server().httpPort());
    }
}
