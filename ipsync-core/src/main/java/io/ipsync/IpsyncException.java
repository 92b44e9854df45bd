package io.ipsync;

/**
 * Thrown when an ipsync channel cannot do what was asked: a file could not be written, a
 * directory is missing, a message could not be converted. The message names the file, queue or
 * event involved.
 */
public class IpsyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IpsyncException(String message) {
        super(message);
    }

    public IpsyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
