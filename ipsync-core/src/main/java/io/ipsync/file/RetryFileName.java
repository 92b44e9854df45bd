package io.ipsync.file;

/**
 * The name of a message waiting for its next attempt in the retry folder:
 * {@code <due>-<failed attempts>-<message name>}, {@code <due>} being the earliest time of the
 * next attempt in milliseconds since the epoch, zero-padded to 13 digits so that names sort by
 * due time. A message put for later waits here too, with 0 attempts made.
 *
 * @param dueEpochMillis the earliest time of the next attempt
 * @param failedAttempts how many attempts have been made: 0 for a message put for later
 * @param message the message's name in the queue directory
 */
record RetryFileName(long dueEpochMillis, int failedAttempts, String message) {

    private static final int DUE_DIGITS = 13;

    String format() {
        String due = Long.toString(dueEpochMillis);
        return "0".repeat(Math.max(0, DUE_DIGITS - due.length())) + due + "-" + failedAttempts + "-" + message;
    }

    /** The parsed name, or {@code null} for a name of another form. */
    static RetryFileName parse(String name) {
        int first = name.indexOf('-');
        int second = first < 0 ? -1 : name.indexOf('-', first + 1);
        if (first < 1 || second < first + 2 || second == name.length() - 1) {
            return null;
        }
        try {
            long due = Long.parseLong(name, 0, first, 10);
            int attempts = Integer.parseInt(name, first + 1, second, 10);
            return due < 0 || attempts < 0 ? null : new RetryFileName(due, attempts, name.substring(second + 1));
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }
}
