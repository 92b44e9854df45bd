package io.ipsync.cli;

/** The exit statuses of every ipsync command, as scripts test them. */
final class ExitCodes {

    /** The command did all it was asked: every message put, N messages taken, ... */
    static final int DONE = 0;

    /** A {@code --timeout} passed before the command had all it waited for (what it got is printed). */
    static final int TIMEOUT = 1;

    /** There was nothing to do: nothing to move, no dead letter of that id (the same status as {@link #TIMEOUT}). */
    static final int NOTHING = 1;

    /** The command line is wrong (picocli's usage errors), or a message given to it is not JSON. */
    static final int USAGE = 2;

    /** Anything else went wrong: a missing directory, a file that cannot be written, ... */
    static final int FAILURE = 3;

    private ExitCodes() {
    }
}
