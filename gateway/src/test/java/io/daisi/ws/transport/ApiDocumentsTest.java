package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.daisi.ws.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml and docs/openapi.yaml against the code: their error codes are
 * {@link ErrorCode}'s, their close codes are the ones the gateway uses, their paths are the
 * router's. (Their validity as AsyncAPI/OpenAPI is checked by scripts/test-js.sh.)
 */
class ApiDocumentsTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final JsonNode asyncApi = read("asyncapi.yaml");
    private final JsonNode openApi = read("openapi.yaml");

    @Test
    void theErrorCodesOfBothDocumentsAreErrorCodesValues() {
        Set<String> documented = new TreeSet<>(socketErrorCodes());
        documented.addAll(strings(openApi.at("/components/schemas/HttpErrorCode/enum")));
        Set<String> inCode = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(inCode);
    }

    @Test
    void everySocketErrorCodeClosesWithTheDocumentedCodeOrNever() {
        Set<String> neverCloses = new HashSet<>(strings(asyncApi.get("x-never-closes")));
        Set<String> placed = new HashSet<>(neverCloses);
        for (JsonNode entry : asyncApi.get("x-close-codes")) {
            int closeCode = entry.get("code").asInt();
            for (String wireName : strings(entry.get("errorCodes"))) {
                assertThat(constants(wireName)).as(wireName).isNotEmpty()
                        .allSatisfy(code -> assertThat(code.closeCode()).as(wireName).isEqualTo(closeCode));
                assertThat(placed.add(wireName)).as(wireName + " under one close code only").isTrue();
            }
        }
        assertThat(placed).containsExactlyInAnyOrderElementsOf(socketErrorCodes());
    }

    @Test
    void everyCloseCodeHasAMeaningAndReconnectAdvice() {
        List<Integer> codes = StreamSupport.stream(asyncApi.get("x-close-codes").spliterator(), false)
                .peek(entry -> assertThat(entry.get("meaning").asText()).isNotBlank())
                .peek(entry -> assertThat(entry.get("reconnect").asText())
                        .isIn("backoff", "backoff-min-5s", "new-token", "never"))
                .map(entry -> entry.get("code").asInt())
                .toList();
        assertThat(codes).doesNotHaveDuplicates().contains(1000, 1001, 1011, 1013, 4400, 4401, 4402, 4403, 4408, 4429);
    }

    @Test
    void theOpenApiPathsAreTheRoutersPaths() {
        Set<String> documented = new TreeSet<>();
        openApi.get("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> routed = Arrays.stream(HttpEndpoint.values()).map(HttpEndpoint::path)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(routed);
        for (HttpEndpoint endpoint : HttpEndpoint.values()) {
            JsonNode operations = openApi.get("paths").get(endpoint.path());
            List<String> methods = new ArrayList<>();
            operations.fieldNames().forEachRemaining(methods::add);
            assertThat(methods).as(endpoint.path()).containsExactly(endpoint.method().name().toLowerCase());
        }
    }

    @Test
    void theSocketChannelsAreTheRoutersSocketPaths() {
        Set<String> channels = new TreeSet<>();
        asyncApi.get("channels").forEach(channel -> channels.add(channel.get("address").asText()));
        assertThat(channels).containsExactlyInAnyOrder(HttpEndpoint.USER_SOCKET.path(), HttpEndpoint.ADMIN_SOCKET.path());
    }

    private List<String> socketErrorCodes() {
        return strings(asyncApi.at("/components/schemas/SocketErrorCode/enum"));
    }

    private static List<ErrorCode> constants(String wireName) {
        return Arrays.stream(ErrorCode.values()).filter(code -> code.wireName().equals(wireName)).toList();
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array).as("a list in the document").isNotNull();
        assertThat(array.isArray()).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode read(String name) {
        try {
            return YAML.readTree(DOCS.resolve(name).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read docs/" + name, e);
        }
    }
}
