package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A channel's directory, or one of its ancestors, could be replaced or redirected by another
 * user, so ipsync refuses to use it. The message names the path and what is wrong with it.
 */
public final class UnsafeDirectoryException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    UnsafeDirectoryException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The directory (or link) found unsafe. */
    public Path path() {
        return path;
    }
}
