package io.daisi.ws.cli;

import io.daisi.ws.auth.TokenIssuer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token user}: a user token for {@code /ws/{company}/{agent}}, on stdout and nothing else. */
@Command(name = "user", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print a user token (auth.token_aes_key) for /ws/{company}/{agent}.")
final class UserTokenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions options;

    @Option(names = "--company", required = true, paramLabel = "C", description = "company_id")
    private String company;

    @Option(names = "--agent", required = true, paramLabel = "A", description = "agent_id")
    private String agent;

    @Option(names = "--user", required = true, paramLabel = "U", description = "user_id")
    private String user;

    private final CliEnvironment environment;
    private final Clock clock;

    UserTokenCommand(CliEnvironment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (!TokenOptions.usableId(company)) {
            return CommandErrors.fail(spec, "--company " + TokenOptions.ID_RULE);
        }
        if (!TokenOptions.usableId(agent)) {
            return CommandErrors.fail(spec, "--agent " + TokenOptions.ID_RULE);
        }
        if (user.isEmpty()) {
            return CommandErrors.fail(spec, "--user must not be empty");
        }
        Optional<TokenIssuer> issuer = options.issuer(spec, environment, clock);
        issuer.ifPresent(it -> spec.commandLine().getOut().println(it.issueUser(company, agent, user, options.ttl())));
        return issuer.isPresent() ? 0 : CommandErrors.FAILED;
    }
}
