package io.daisi.ws.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code daisi-ws} with no command: serve, as the gateway always did. */
@Command(name = "daisi-ws", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Real-time WebSocket gateway. With no command it runs the gateway (as 'serve').",
        footer = {"", "Exit codes:", "  0  success",
            "  1  an error: bad arguments, a command that failed, the gateway failed to start",
            "  2  invalid configuration when starting the gateway"})
public final class RootCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    private final ServeCommand serve;

    public RootCommand(ServeCommand serve) {
        this.serve = serve;
    }

    Optional<Path> configFlag() {
        return config.path();
    }

    @Override
    public Integer call() {
        return serve.serve(config.path(), spec.commandLine().getErr());
    }
}
