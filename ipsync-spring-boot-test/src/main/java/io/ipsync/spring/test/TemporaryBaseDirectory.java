package io.ipsync.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * One test context's base directory: made fresh under {@code java.io.tmpdir} (readable and
 * writable by its owner only, as {@code Files.createTempDirectory} makes it on POSIX systems),
 * removed with everything in it when the context closes.
 */
final class TemporaryBaseDirectory {

    private static final Logger log = LoggerFactory.getLogger(TemporaryBaseDirectory.class);

    private final Path path;

    private TemporaryBaseDirectory(Path path) {
        this.path = path;
    }

    static TemporaryBaseDirectory create() {
        try {
            return new TemporaryBaseDirectory(Files.createTempDirectory("ipsync-test-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a base directory for the test context in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Removes the directory and what is in it; warns, and leaves the rest, where that fails. */
    void delete() {
        try {
            FileSystemUtils.deleteRecursively(path);
        } catch (IOException e) {
            log.warn("Could not remove the test context's base directory {}: {}", path, e.toString());
        }
    }

    @Override
    public String toString() {
        return "TemporaryBaseDirectory[" + path + "]";
    }
}
