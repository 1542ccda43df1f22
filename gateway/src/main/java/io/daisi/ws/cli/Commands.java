package io.daisi.ws.cli;

import java.time.Clock;
import picocli.CommandLine;

/** The command tree: {@code daisi-ws [serve | token user | token admin | check-config]}. */
public final class Commands {

    private Commands() {
    }

    /**
     * @param serve the serve command, whose {@link ServeCommand#running()} tells the caller
     *              whether the process must stay up after {@code execute}
     */
    public static CommandLine of(ServeCommand serve, CliEnvironment environment, Clock clock) {
        CommandLine token = new CommandLine(new TokenCommand())
                .addSubcommand(new UserTokenCommand(environment, clock))
                .addSubcommand(new AdminTokenCommand(environment, clock));
        return new CommandLine(new RootCommand(serve))
                .addSubcommand(serve)
                .addSubcommand(token)
                .addSubcommand(new CheckConfigCommand(environment))
                .setParameterExceptionHandler(CommandErrors::badArguments)
                .setExecutionExceptionHandler(CommandErrors::unexpected);
    }
}
