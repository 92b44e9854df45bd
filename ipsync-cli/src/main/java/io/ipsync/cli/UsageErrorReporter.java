package io.ipsync.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a wrong command line as command-line tools do, in two or three lines on standard
 * error (what is wrong, maybe "did you mean", where to read more) rather than the whole usage
 * help, and exits {@link ExitCodes#USAGE}. An address that picocli quotes has its password
 * hidden ({@link Credentials}).
 */
final class UsageErrorReporter implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + Credentials.hide(FailureReporter.oneLine(error.getMessage())));
        UnmatchedArgumentException.printSuggestions(error, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
