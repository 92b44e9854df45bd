package io.ipsync.cli;

/**
 * A message or value given on the command line or standard input is not one JSON value. A usage
 * error: the command exits {@link ExitCodes#USAGE} with this message, which names the argument
 * or the line.
 */
final class InvalidMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidMessageException(String message) {
        super(message);
    }
}
