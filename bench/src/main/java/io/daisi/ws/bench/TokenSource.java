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
        String adminKey = o.string("admin-token-key", "");
        if (key.isEmpty()) {
            TokenMinter minter = new TokenMinter(http, gateway, settings.mintConcurrency());
            return minter::mint;
        }
        TokenIssuer issuer = offline(key);
        TokenIssuer admins = adminKey.isEmpty() ? null : offline(adminKey);
        return target -> {
            if (!target.admin()) {
                return CompletableFuture.completedFuture(
                        issuer.issueUser(target.company(), target.agent(), target.user(), Duration.ofHours(2)));
            }
            if (admins == null) {
                return CompletableFuture.failedFuture(
                        new UsageException("admin sockets need --admin-token-key (auth.admin_token_aes_key)"));
            }
            return CompletableFuture.completedFuture(admins.issueAdmin(target.user(), Duration.ofHours(2),
                    target.company(), target.agent(), null));
        };
    }

    /** An issuer sealing tokens with {@code hexKey} (user and admin tokens use different keys: one issuer each). */
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
