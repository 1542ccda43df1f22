package io.daisi.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private final TokenCodec userCodec = new TokenCodec(TestKeys.USER);
    private final TokenCodec adminCodec = new TokenCodec(TestKeys.ADMIN);
    private final TokenIssuer issuer = new TokenIssuer(userCodec, adminCodec, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void userTokenCarriesGoFormClaimsUnderTheUserKey() {
        String token = issuer.issueUser("c1", "a1", "u1", Duration.ofSeconds(3600));

        assertThat(plaintext(userCodec, token)).isEqualTo(
                "{\"company_id\":\"c1\",\"agent_id\":\"a1\",\"user_id\":\"u1\",\"expires_at\":\"2026-03-04T06:06:07.123456Z\"}");
        assertThat(adminCodec.open(token)).isEmpty();
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(12 + plaintext(userCodec, token).length() + 16);
    }

    @Test
    void adminTokenOmitsAbsentScopeUnderTheAdminKey() {
        String token = issuer.issueAdmin("root", Duration.ofMinutes(1), "", null, "c9");

        assertThat(plaintext(adminCodec, token)).isEqualTo(
                "{\"admin_id\":\"root\",\"expires_at\":\"2026-03-04T05:07:07.123456Z\",\"company_id_restriction\":\"c9\"}");
        assertThat(userCodec.open(token)).isEmpty();
    }

    @Test
    void refusesWhatWouldMakeAnInvalidToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issueUser("", "a", "u", Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issueAdmin("", Duration.ofHours(1), "", "", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issueUser("c", "a", "u", Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> issuer.issueUser("c", "a", "u", Duration.ofSeconds(-1)));
    }

    private static String plaintext(TokenCodec codec, String token) {
        return new String(codec.open(token).orElseThrow(), StandardCharsets.UTF_8);
    }
}
