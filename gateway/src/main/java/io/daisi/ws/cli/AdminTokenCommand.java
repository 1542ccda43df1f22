package io.daisi.ws.cli;

import io.daisi.ws.auth.TokenIssuer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token admin}: an admin token for {@code /ws/admin}, on stdout and nothing else. */
@Command(name = "admin", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print an admin token (auth.admin_token_aes_key) for /ws/admin.")
final class AdminTokenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TokenOptions options;

    @Option(names = "--admin", required = true, paramLabel = "ID", description = "admin_id")
    private String admin;

    @Option(names = "--company", paramLabel = "C", description = "subscribed_company_id: only this company's events")
    private Optional<String> company = Optional.empty();

    @Option(names = "--agent", paramLabel = "A", description = "subscribed_agent_id: only this agent's events")
    private Optional<String> agent = Optional.empty();

    @Option(names = "--restrict", paramLabel = "C", description = "company_id_restriction: never another company's events")
    private Optional<String> restrict = Optional.empty();

    private final CliEnvironment environment;
    private final Clock clock;

    AdminTokenCommand(CliEnvironment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (admin.isEmpty()) {
            return CommandErrors.fail(spec, "--admin must not be empty");
        }
        Map<String, Optional<String>> scopes = new LinkedHashMap<>();
        scopes.put("--company", company);
        scopes.put("--agent", agent);
        scopes.put("--restrict", restrict);
        for (Map.Entry<String, Optional<String>> scope : scopes.entrySet()) {
            if (scope.getValue().filter(id -> !TokenOptions.usableId(id)).isPresent()) {
                return CommandErrors.fail(spec, scope.getKey() + " " + TokenOptions.ID_RULE);
            }
        }
        // the same rule as POST /admin/generate-token
        if (company.isPresent() && restrict.isPresent() && !company.equals(restrict)) {
            return CommandErrors.fail(spec, "--company and --restrict must be equal when both are given");
        }
        Optional<TokenIssuer> issuer = options.issuer(spec, environment, clock);
        issuer.ifPresent(it -> spec.commandLine().getOut().println(it.issueAdmin(admin, options.ttl(),
                company.orElse(""), agent.orElse(""), restrict.orElse(""))));
        return issuer.isPresent() ? 0 : CommandErrors.FAILED;
    }
}
