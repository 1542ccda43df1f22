package io.daisi.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyCheckTest {

    @Test
    void equalKeysMatch() {
        assertThat(ApiKeyCheck.matches("n7f2GTfsHqNNNaDWaPeV9I4teCGqnmtv", "n7f2GTfsHqNNNaDWaPeV9I4teCGqnmtv")).isTrue();
        assertThat(ApiKeyCheck.matches("clé-ü", "clé-ü")).isTrue();
    }

    @Test
    void differentKeysDoNotMatch() {
        assertThat(ApiKeyCheck.matches("secret", "secreT")).isFalse();
        assertThat(ApiKeyCheck.matches("secret", "secret ")).isFalse();
        assertThat(ApiKeyCheck.matches("secret", "secre")).isFalse();
    }

    @Test
    void emptyOrMissingNeverMatches() {
        assertThat(ApiKeyCheck.matches("", "")).isFalse();
        assertThat(ApiKeyCheck.matches("secret", "")).isFalse();
        assertThat(ApiKeyCheck.matches("", "secret")).isFalse();
        assertThat(ApiKeyCheck.matches(null, null)).isFalse();
        assertThat(ApiKeyCheck.matches("secret", null)).isFalse();
        assertThat(ApiKeyCheck.matches(null, "secret")).isFalse();
    }
}
