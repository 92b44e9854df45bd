package io.ipsync.spi;

import java.io.IOException;

/**
 * A value changed but cannot be read (too large, not readable). Carries the version so that a
 * listener can note it as seen and wait for the next change instead of failing on this one
 * again.
 */
public class UnreadableValueException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Version version;

    public UnreadableValueException(String message, Version version, Throwable cause) {
        super(message, cause);
        this.version = version;
    }

    /** The version of the value that could not be read. */
    public Version version() {
        return version;
    }
}
