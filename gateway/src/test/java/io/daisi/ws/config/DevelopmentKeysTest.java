package io.daisi.ws.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentKeysTest {

    @Test
    void theShippedFileUsesTheDevelopmentKeys() {
        AuthConfig shipped = TestConfigs.loader(TestConfigs.SHIPPED_FILE, Map.of()).load().config().auth();
        assertThat(DevelopmentKeys.apiKeysInUse(shipped)).isTrue();
    }

    @Test
    void eitherKeyChangedMeansNotTheDevelopmentKeys(@TempDir Path dir) {
        AuthConfig general = TestConfigs.defaultsOnly(dir, Map.of("DAISI_WS_AUTH_SECRET_TOKEN", "mine"))
                .load().config().auth();
        AuthConfig admin = TestConfigs.defaultsOnly(dir, Map.of("DAISI_WS_AUTH_ADMIN_SECRET_TOKEN", "mine"))
                .load().config().auth();
        assertThat(DevelopmentKeys.apiKeysInUse(general)).isFalse();
        assertThat(DevelopmentKeys.apiKeysInUse(admin)).isFalse();
        assertThat(DevelopmentKeys.apiKeysInUse(TestConfigs.defaultsOnly(dir, Map.of()).load().config().auth()))
                .isTrue();
    }
}
