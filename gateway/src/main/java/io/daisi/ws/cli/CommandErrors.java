package io.daisi.ws.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** How every command reports a failure: one line on stderr, exit code 1, never a stack trace. */
final class CommandErrors {

    static final int FAILED = 1;

    private CommandErrors() {
    }

    static int fail(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("daisi-ws: " + spec.qualifiedName().replaceFirst("^daisi-ws ?", "")
                + ": " + message);
        spec.commandLine().getErr().flush();
        return FAILED;
    }

    /** Bad arguments: what is wrong and how to get help, exit code 1 (SPEC: errors exit 1). */
    static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("daisi-ws: " + e.getMessage());
        commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        commandLine.getErr().flush();
        return FAILED;
    }

    /** For exceptions a command did not expect: the message only, the stack trace is of no use to an operator. */
    static int unexpected(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("daisi-ws: " + commandLine.getCommandName() + ": " + e.getMessage());
        commandLine.getErr().flush();
        return FAILED;
    }
}
