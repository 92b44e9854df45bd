package io.ipsync.cli;

import io.ipsync.IpsyncException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that ended a command into its exit status and a one-line reason on standard
 * error, {@code ipsync take: <reason>}, never a stack trace: a message that is not JSON is a
 * usage error ({@link ExitCodes#USAGE}), anything else a failure ({@link ExitCodes#FAILURE}). A
 * password in an address the reason quotes is hidden ({@link Credentials}).
 */
final class FailureReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + Credentials.hide(reason(failure)));
        err.flush();
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return failure instanceof InvalidMessageException ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }

    /** The exception as one line: its own message where it was written for users, else its type and message. */
    static String reason(Exception failure) {
        if (failure instanceof InterruptedException) {
            return "interrupted";
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getName();
        }
        boolean writtenForUsers = failure instanceof IpsyncException
                || failure instanceof InvalidMessageException
                || failure instanceof OutputClosedException;
        return oneLine(writtenForUsers ? message : failure.getClass().getSimpleName() + ": " + message);
    }

    /** The text with its line breaks (and the indentation around them) turned into single spaces. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
