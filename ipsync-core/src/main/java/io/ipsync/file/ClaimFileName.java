package io.ipsync.file;

/**
 * The name of a claimed message inside its consumer's claim folder:
 * {@code <attempt>-<message name>}. The attempt travels with the file, so a consumer that dies
 * while handling the message leaves behind how often it has been tried.
 *
 * @param attempt which delivery this is, from 1
 * @param message the message's name in the queue directory
 */
record ClaimFileName(int attempt, String message) {

    String format() {
        return attempt + "-" + message;
    }

    /** The parsed name, or {@code null} for a name of another form. */
    static ClaimFileName parse(String name) {
        int dash = name.indexOf('-');
        if (dash < 1 || dash > 9 || dash == name.length() - 1) {
            return null;
        }
        int attempt = 0;
        for (int i = 0; i < dash; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            attempt = attempt * 10 + (c - '0');
        }
        return attempt < 1 ? null : new ClaimFileName(attempt, name.substring(dash + 1));
    }
}
