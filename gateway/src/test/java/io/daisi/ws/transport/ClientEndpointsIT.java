package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.config.AuthConfig;
import io.daisi.ws.config.ConfigLoader;
import io.daisi.ws.testsupport.TestGateway;
import io.daisi.ws.testsupport.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The browser client library at {@code /client/daisi-ws.js} and the demo page's settings (SPEC §13, §12). */
class ClientEndpointsIT {
    private static final AuthConfig SHIPPED = ConfigLoader.builtInDefaults().auth();
    private static final Map<String, String> SHIPPED_KEYS = Map.of(
            "DAISI_WS_AUTH_SECRET_TOKEN", SHIPPED.secretToken(),
            "DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", SHIPPED.adminSecretToken());

    @Test
    void servesTheClientLibraryAsJavaScriptToAnyOrigin() throws IOException {
        try (TestGateway gw = TestGateway.start()) {
            TestHttp.Response library = TestHttp.get(gw.http("/client/daisi-ws.js"));
            assertThat(library.status()).isEqualTo(200);
            assertThat(library.raw().headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
            assertThat(library.raw().headers().firstValue("access-control-allow-origin")).hasValue("*");
            assertThat(library.body()).isEqualTo(Files.readString(Path.of("..", "clients", "js", "daisi-ws.js")));
            assertThat(TestHttp.post(gw.http("/client/daisi-ws.js"), "", Map.of()).status()).isEqualTo(405);
        }
    }

    @Test
    void standaloneWithTheShippedKeysHandsThemToTheDemoPage() {
        try (TestGateway gw = TestGateway.start(SHIPPED_KEYS)) {
            TestHttp.Response settings = TestHttp.get(gw.http("/dev/demo-settings"));
            assertThat(settings.status()).isEqualTo(200);
            assertThat(settings.json().get("standalone").asBoolean()).isTrue();
            assertThat(settings.json().get("development_keys").asBoolean()).isTrue();
            assertThat(settings.json().get("api_key").asText()).isEqualTo(SHIPPED.secretToken());
            assertThat(settings.json().get("admin_api_key").asText()).isEqualTo(SHIPPED.adminSecretToken());
            assertThat(settings.json().get("subject_prefix").asText()).isEqualTo("websocket");
            assertThat(TestHttp.get(gw.http("/")).body()).contains("/client/daisi-ws.js");
        }
    }

    @Test
    void configuredKeysAreNeverExposed() {
        try (TestGateway gw = TestGateway.start(Map.of(
                "DAISI_WS_AUTH_SECRET_TOKEN", SHIPPED.secretToken(),
                "DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", "an-operator-chosen-admin-key"))) {
            TestHttp.Response settings = TestHttp.get(gw.http("/dev/demo-settings"));
            assertThat(settings.status()).isEqualTo(200);
            assertThat(settings.json().get("development_keys").asBoolean()).isFalse();
            assertThat(settings.body()).doesNotContain(SHIPPED.secretToken()).doesNotContain("an-operator-chosen");
            assertThat(settings.json().has("api_key")).isFalse();
        }
    }
}
