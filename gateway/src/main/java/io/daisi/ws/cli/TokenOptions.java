package io.daisi.ws.cli;

import io.daisi.ws.auth.TokenCodec;
import io.daisi.ws.auth.TokenIssuer;
import io.daisi.ws.auth.TokenKey;
import io.daisi.ws.protocol.SubjectTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What {@code token user} and {@code token admin} share: {@code --config}, {@code --ttl}, the issuer. */
final class TokenOptions {

    static final String ID_RULE = "must be non-empty, without '.', '*', '>', spaces or control characters";

    @Mixin
    private ConfigOption config;

    @Option(names = "--ttl", defaultValue = "1h", converter = TtlConverter.class, paramLabel = "TTL",
            description = "Lifetime: seconds, or a number with s, m, h or d (default: ${DEFAULT-VALUE}).")
    private Duration ttl;

    Duration ttl() {
        return ttl;
    }

    /**
     * The gateway's own issuer for the configured AES keys, or empty once every configuration
     * problem was printed to the command's stderr.
     */
    Optional<TokenIssuer> issuer(CommandSpec command, CliEnvironment environment, Clock clock) {
        return EffectiveConfig.load(environment, config.path(command), command.commandLine().getErr()).map(cfg -> new TokenIssuer(
                new TokenCodec(TokenKey.fromHex(cfg.auth().tokenAesKey())),
                new TokenCodec(TokenKey.fromHex(cfg.auth().adminTokenAesKey())), clock));
    }

    /** Company and agent ids become path segments and subject tokens: a token the gateway would refuse helps nobody. */
    static boolean usableId(String id) {
        return SubjectTokens.isValidToken(id);
    }
}
