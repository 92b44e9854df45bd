package io.ipsync.cli;

import java.io.PrintWriter;

/**
 * Prints the lines of a command's result, each one flushed before {@link #println} returns, so
 * that whatever the command does next (acknowledging a taken message) happens only after the
 * line has left the process.
 */
final class LinePrinter {

    private final PrintWriter out;

    LinePrinter(PrintWriter out) {
        this.out = out;
    }

    /**
     * Prints one line and flushes it.
     *
     * @throws OutputClosedException when it could not be written
     */
    void println(String line) {
        out.println(line);
        if (out.checkError()) { // flushes, then reports any failure since the writer was made
            throw new OutputClosedException();
        }
    }
}
