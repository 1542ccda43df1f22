package io.daisi.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TokenKeyTest {

    private static final String VALID = "270cec3a9081be630f5350bc42b244156615e55a2153e2652dc4f460673350c6";

    @Test
    void acceptsSixtyFourHexCharactersInEitherCase() {
        assertThat(TokenKey.fromHex(VALID)).isNotNull();
        assertThat(TokenKey.fromHex(VALID.toUpperCase())).isNotNull();
    }

    @Test
    void wrongLengthNamesTheProblemNotTheKey() {
        String short63 = VALID.substring(1);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> TokenKey.fromHex(short63))
                .withMessageContaining("64 hex characters")
                .withMessageContaining("63")
                .satisfies(e -> assertNoKeyMaterial(e, short63))
                .withNoCause();
    }

    @Test
    void nonHexNamesTheProblemNotTheKey() {
        String nonHex = "zz" + VALID.substring(2);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> TokenKey.fromHex(nonHex))
                .withMessageContaining("hex")
                .satisfies(e -> assertNoKeyMaterial(e, nonHex))
                .withNoCause();
    }

    @Test
    void missingKeyIsReported() {
        assertThatIllegalArgumentException().isThrownBy(() -> TokenKey.fromHex(null)).withMessageContaining("missing");
        assertThatIllegalArgumentException().isThrownBy(() -> TokenKey.fromHex("")).withMessageContaining("missing");
    }

    @Test
    void describesItselfWithoutTheKey() {
        assertThat(TokenKey.fromHex(VALID).toString()).isEqualTo("TokenKey[redacted]");
    }

    /** No run of four key characters may appear, nor the offending character quoted. */
    private static void assertNoKeyMaterial(Throwable e, String key) {
        for (int i = 0; i + 4 <= key.length(); i++) {
            assertThat(e.getMessage()).doesNotContain(key.substring(i, i + 4));
        }
        assertThat(e.getMessage()).doesNotContain("'z'").doesNotContain("\"z\"");
    }
}
