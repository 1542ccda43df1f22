package io.daisi.ws.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCodecTest {

    private final TokenCodec codec = new TokenCodec(TestKeys.USER);

    @Test
    void sealedTokenIsPaddedBase64UrlOfNonceCiphertextAndTag() {
        byte[] plaintext = "hello, gateway!".getBytes(UTF_8); // 15 bytes: 43 sealed, not a multiple of 3, so padded

        String token = codec.seal(plaintext);

        assertThat(token).matches("[A-Za-z0-9_-]+=*").endsWith("=");
        assertThat(token.length() % 4).isZero();
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(12 + plaintext.length + 16);
        assertThat(codec.open(token)).hasValueSatisfying(opened -> assertThat(opened).isEqualTo(plaintext));
    }

    @Test
    void unpaddedTokenOpensToo() {
        String token = codec.seal("x".getBytes(UTF_8));
        String unpadded = token.replace("=", "");

        assertThat(unpadded).isNotEqualTo(token);
        assertThat(codec.open(unpadded)).hasValueSatisfying(opened -> assertThat(opened).isEqualTo("x".getBytes(UTF_8)));
    }

    @Test
    void eachSealUsesAFreshNonce() {
        byte[] plaintext = "same".getBytes(UTF_8);

        assertThat(codec.seal(plaintext)).isNotEqualTo(codec.seal(plaintext));
    }

    @Test
    void emptyPlaintextRoundTrips() {
        assertThat(codec.open(codec.seal(new byte[0]))).hasValueSatisfying(opened -> assertThat(opened).isEmpty());
    }

    @Test
    void anotherKeyCannotOpen() {
        String token = codec.seal("secret".getBytes(UTF_8));

        assertThat(new TokenCodec(TestKeys.ADMIN).tryOpen(token))
                .isEqualTo(new TokenCodec.Opening.Refused(AuthFailure.DECRYPTION_FAILED));
    }

    @Test
    void anyFlippedBitIsRefused() {
        byte[] sealed = Base64.getUrlDecoder().decode(codec.seal("secret".getBytes(UTF_8)));
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertThat(codec.tryOpen(Base64.getUrlEncoder().encodeToString(tampered)))
                    .as("byte %d flipped", i)
                    .isEqualTo(new TokenCodec.Opening.Refused(AuthFailure.DECRYPTION_FAILED));
        }
    }

    @Test
    void textThatIsNotBase64UrlIsMalformed() {
        for (String token : new String[] {"!!!", "ab+/cd==", "a", "with space", null}) {
            assertThat(codec.tryOpen(token)).as(token).isEqualTo(new TokenCodec.Opening.Refused(AuthFailure.MALFORMED));
        }
    }

    @Test
    void tooShortForNonceAndTagIsMalformed() {
        String twentySevenBytes = Base64.getUrlEncoder().encodeToString(new byte[27]);

        assertThat(codec.tryOpen(twentySevenBytes)).isEqualTo(new TokenCodec.Opening.Refused(AuthFailure.MALFORMED));
        assertThat(codec.tryOpen("")).isEqualTo(new TokenCodec.Opening.Refused(AuthFailure.MALFORMED));
        assertThat(codec.open(twentySevenBytes)).isEmpty();
    }

    @Test
    void describesItselfWithoutTheKey() {
        assertThat(codec.toString()).doesNotContain("0001020304").contains("redacted");
    }
}
