package io.daisi.ws.bench;

import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.auth.TokenKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where a socket's token comes from: minted over HTTP ({@code /generate-token}, the default) or,
 * with {@code --token-key HEX} (the gateway's {@code auth.token_aes_key}), sealed offline with the
 * gateway's own codec, so a handshake measurement does not include minting.
 */
interface TokenSource {
    CompletableFuture<String> token(Target target) throws InterruptedException;

    static TokenSource from(Options o, Http http, Gateway gateway, FleetSettings settings) {
        String key = o.string("token-key", "");
        if (key.isEmpty()) {
            TokenMinter minter = new TokenMinter(http, gateway, settings.mintConcurrency());
            return minter::mint;
        }
        TokenIssuer issuer = offline(key);
        return target -> CompletableFuture.completedFuture(
                issuer.issueUser(target.company(), target.agent(), target.user(), Duration.ofHours(2)));
    }

    /** An issuer sealing user tokens with {@code hexKey}; admin tokens are not minted offline. */
    static TokenIssuer offline(String hexKey) {
        TokenCodec codec;
        try {
            codec = new TokenCodec(TokenKey.fromHex(hexKey));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--token-key: " + e.getMessage());
        }
        return new TokenIssuer(codec, codec, Clock.systemUTC());
    }
}
