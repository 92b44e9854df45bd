package io.ipsync.cli.bench;

import io.ipsync.IpsyncException;

/**
 * The bench could not finish a scenario: a child process died, went silent, or did not take
 * every message. The message says which child and what it was waiting for; the child's own
 * error, if any, is on standard error above it.
 */
final class BenchFailure extends IpsyncException {

    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
        super(message);
    }
}
