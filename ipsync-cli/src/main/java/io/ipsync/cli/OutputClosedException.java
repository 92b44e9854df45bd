package io.ipsync.cli;

/**
 * Standard output could not be written (typically: the reader at the other end of the pipe is
 * gone). Whatever the command was printing is not delivered, and a taken message is therefore
 * given back to its queue.
 */
final class OutputClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutputClosedException() {
        super("cannot write to standard output (is the reading end of the pipe closed?)");
    }
}
