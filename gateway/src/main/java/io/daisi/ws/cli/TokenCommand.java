package io.daisi.ws.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code token}: only groups {@code user} and {@code admin}; alone it is a usage error. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print a token made with the configured AES keys (auth.token_aes_key, auth.admin_token_aes_key).")
final class TokenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("daisi-ws: token: name the kind of token: user or admin");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }
}
