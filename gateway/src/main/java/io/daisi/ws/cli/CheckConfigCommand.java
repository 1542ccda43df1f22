package io.daisi.ws.cli;

import io.daisi.ws.config.GatewayConfig;
import io.daisi.ws.config.RedactedConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code check-config}: the same loading and validation as a start. Valid: the effective
 * configuration (defaults, file, environment merged) as YAML with secrets redacted, exit 0.
 * Invalid: every bad key on stderr, exit 1.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Validate the configuration; print the effective configuration (secrets redacted) when valid.")
final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    private final CliEnvironment environment;

    CheckConfigCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Optional<GatewayConfig> cfg = EffectiveConfig.load(environment, config.path(spec), spec.commandLine().getErr());
        if (cfg.isEmpty()) {
            return CommandErrors.FAILED;
        }
        spec.commandLine().getOut().print(RedactedConfig.yaml(cfg.get()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
