package io.daisi.ws;

import io.daisi.ws.cli.CliEnvironment;
import io.daisi.ws.cli.Commands;
import io.daisi.ws.cli.LogShutdown;
import io.daisi.ws.cli.RootCommand;
import io.daisi.ws.cli.ServeCommand;
import io.daisi.ws.observability.LogLevel;
import java.time.Clock;
import picocli.CommandLine;

/**
 * The process entry point: runs the command line ({@link Commands}). With no command, or
 * {@code serve}, the gateway starts and the process lives until SIGTERM/SIGINT; any other
 * command prints its result and the process exits with its code.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.forProcess();
        ServeCommand serve = new ServeCommand(environment);
        CommandLine commandLine = Commands.of(serve, environment, Clock.systemUTC());
        // stdout of token and check-config is their result: no log line may land there
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        commandLine.setExecutionStrategy(parseResult -> {
            if (!servesTheGateway(parseResult)) {
                LogLevel.apply("OFF");
            }
            return run.execute(parseResult);
        });
        int code = commandLine.execute(args);
        if (!serve.running()) {
            LogShutdown.flush();
            System.exit(code);
        }
    }

    private static boolean servesTheGateway(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object command = last.commandSpec().userObject();
        return command instanceof ServeCommand || command instanceof RootCommand;
    }
}
