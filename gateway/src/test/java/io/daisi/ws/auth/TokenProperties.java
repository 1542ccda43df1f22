package io.daisi.ws.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.daisi.ws.store.memory.InMemoryTokenCache;
import io.daisi.ws.testsupport.FuzzTally;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Issue 10 item 6, tokens (unit level, jqwik): whatever arrives as a token — random, truncated,
 * tampered, sealed with another key, huge — is refused with a reason (InvalidToken: 4403/403),
 * never an exception; every token minted for any ids opens to exactly those claims.
 */
class TokenProperties {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String REFUSED = "refused (InvalidToken), no exception";

    private final TokenCodec userCodec = new TokenCodec(TestKeys.USER);
    private final TokenCodec adminCodec = new TokenCodec(TestKeys.ADMIN);
    private final TokenIssuer issuer = new TokenIssuer(userCodec, adminCodec, CLOCK);
    private final Authenticator authenticator = new Authenticator(userCodec, adminCodec, new InMemoryTokenCache(),
            CLOCK, () -> Duration.ofSeconds(30), () -> Duration.ofSeconds(60));
    private final FuzzTally tally = new FuzzTally();

    @AfterProperty
    void report() {
        tally.report();
    }

    private boolean refused(String token) {
        return authenticator.authenticateUser(token).toCompletableFuture().join() instanceof AuthResult.Invalid<?>
                && authenticator.authenticateAdmin(token).toCompletableFuture().join() instanceof AuthResult.Invalid<?>;
    }

    @Provide
    Arbitrary<String> anyToken() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
                        .ofMaxLength(400),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> Base64.getUrlEncoder().encodeToString(b)),
                Arbitraries.strings().withChars("Aa0_-=").ofMinLength(10_000).ofMaxLength(100_000));
    }

    @Property
    void randomAndHugeTokensAreRefused(@ForAll("anyToken") String token) throws Exception {
        tally.check("unit", "tokens: random, base64 of random bytes, huge (to 100k chars)", REFUSED,
                () -> assertThat(refused(token)).isTrue());
    }

    @Property
    void mintedTokensOpenToTheirClaimsAndTruncatedOrTamperedOnesAreRefused(
            @ForAll @StringLength(min = 1, max = 64) String company, @ForAll @StringLength(min = 1, max = 64) String agent,
            @ForAll @StringLength(min = 1, max = 64) String user, @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int flip, @ForAll boolean truncate) throws Exception {
        tally.check("unit", "tokens: minted for random ids, then truncated or one byte tampered",
                "minted opens to its claims; truncated/tampered " + REFUSED, () -> {
            String token = issuer.issueUser(company, agent, user, Duration.ofHours(1));
            assertThat(authenticator.authenticateUser(token).toCompletableFuture().join())
                    .isEqualTo(new AuthResult.Valid<>(new UserClaims(company, agent, user, NOW.plus(Duration.ofHours(1))),
                            false));
            byte[] sealed = Base64.getUrlDecoder().decode(token);
            if (truncate) {
                byte[] cut = Arrays.copyOf(sealed, position % sealed.length);
                assertThat(refused(Base64.getUrlEncoder().encodeToString(cut))).as("truncated").isTrue();
            } else {
                sealed[position % sealed.length] ^= (byte) flip;
                assertThat(refused(Base64.getUrlEncoder().encodeToString(sealed))).as("tampered").isTrue();
            }
        });
    }

    @Property
    void tokensOfAnotherKeyAreRefused(@ForAll @Size(32) byte[] key, @ForAll @StringLength(min = 1, max = 32) String id)
            throws Exception {
        tally.check("unit", "tokens: sealed with another key", REFUSED, () -> {
            key[0] = (byte) (key[0] == 0 ? 1 : key[0]); // any key but the two test keys (they start 00 / F0)
            if (key[0] == (byte) 0xF0) {
                key[0] = 2;
            }
            TokenCodec other = new TokenCodec(TokenKey.fromHex(HexFormat.of().formatHex(key)));
            String token = new TokenIssuer(other, other, CLOCK).issueUser(id, id, id, Duration.ofHours(1));
            assertThat(refused(token)).isTrue();
        });
    }
}
