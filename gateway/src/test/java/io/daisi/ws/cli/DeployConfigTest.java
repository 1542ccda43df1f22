package io.daisi.ws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.daisi.ws.testsupport.Repository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration the deploy files give the gateway passes {@code check-config} with no
 * warning: the Kubernetes ConfigMap's config.yaml, and the DAISI_WS_* variables of the compose
 * gateways (an unknown key or variable would be ignored with a warning, silently not applied).
 */
class DeployConfigTest {

    private static final String KEY_A = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String KEY_B = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;

    private static Map<String, String> secrets() {
        Map<String, String> env = new HashMap<>();
        env.put("DAISI_WS_AUTH_SECRET_TOKEN", "general-key");
        env.put("DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", "admin-key");
        env.put("DAISI_WS_AUTH_TOKEN_AES_KEY", KEY_A);
        env.put("DAISI_WS_AUTH_ADMIN_TOKEN_AES_KEY", KEY_B);
        env.put("DAISI_WS_SERVER_PEER_AUTH_TOKEN", "peer-token");
        return env;
    }

    private String[] checkConfig(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(env, dir);
        int code = Commands.of(new ServeCommand(environment), environment, Clock.systemUTC())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void theConfigMapIsAValidConfigWithoutUnknownKeys() throws Exception {
        JsonNode configMap = new YAMLMapper().readTree(Files.readString(Repository.file("deploy/k8s/configmap.yaml")));
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, configMap.at("/data/config.yaml").asText());
        Map<String, String> env = secrets();
        env.put("DAISI_WS_SERVER_POD_ID", "daisi-ws-0");
        env.put("DAISI_WS_SERVER_ADVERTISE_ADDRESS", "10.0.0.7:50051");

        String[] run = checkConfig(env, "check-config", "--config", file.toString());

        assertThat(run[2]).as("stderr").isEmpty();
        assertThat(run[0]).isEqualTo("0");
        JsonNode effective = new YAMLMapper().readTree(run[1]);
        assertThat(effective.at("/nats/create_stream").asBoolean()).isFalse();
        assertThat(effective.at("/redis/address").asText()).isEqualTo("redis:6379");
    }

    @Test
    void theComposeGatewayVariablesAreAllKnownKeys() throws Exception {
        JsonNode compose = new YAMLMapper().readTree(Files.readString(Repository.file("deploy/docker-compose.yaml")));
        Map<String, String> env = new HashMap<>();
        for (String service : new String[] {"gateway-1", "gateway-2"}) {
            // merge keys (<<) are not resolved by Jackson: read the shared block and the service's own
            JsonNode shared = compose.get("x-gateway-env");
            JsonNode own = compose.at("/services/" + service + "/environment");
            for (JsonNode block : new JsonNode[] {shared, own}) {
                Iterator<Map.Entry<String, JsonNode>> fields = block.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getKey().startsWith("DAISI_WS_")) {
                        // ${VAR:-default} and ${VAR:?message} are compose's: take the default, or a valid secret
                        env.put(field.getKey(), field.getValue().asText().replaceAll("^\\$\\{[A-Z_]+:-([^}]*)}$", "$1"));
                    }
                }
            }
        }
        env.putAll(secrets());
        assertThat(env).containsKeys("DAISI_WS_REDIS_ADDRESS", "DAISI_WS_NATS_URL", "DAISI_WS_SERVER_POD_ID");

        String[] run = checkConfig(env, "check-config");

        assertThat(run[2]).as("stderr").isEmpty();
        assertThat(run[0]).isEqualTo("0");
    }
}
