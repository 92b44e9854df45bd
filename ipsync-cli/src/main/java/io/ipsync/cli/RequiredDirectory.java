package io.ipsync.cli;

import io.ipsync.IpsyncException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check of commands that only listen: they create nothing, so a mistyped path fails at once
 * instead of waiting forever on a file that nobody writes.
 */
final class RequiredDirectory {

    private RequiredDirectory() {
    }

    /**
     * Checks that the directory exists.
     *
     * @param what what the directory is, for the message: {@code "queue"}
     * @throws IpsyncException naming the directory when it is missing or not a directory
     */
    static void of(Path directory, String what) {
        if (!Files.isDirectory(directory)) {
            throw new IpsyncException("The " + what + " directory " + directory.toAbsolutePath().normalize()
                    + (Files.exists(directory) ? " is not a directory" : " does not exist"));
        }
    }

    /**
     * Checks that the directory holding {@code file} exists.
     *
     * @param what what the file is, for the message: {@code "event"}, {@code "data event"}
     * @throws IpsyncException naming the directory when it is missing or not a directory
     */
    static void containing(Path file, String what) {
        Path directory = file.toAbsolutePath().normalize().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IpsyncException("The directory " + directory + " of the " + what + " " + file
                    + (Files.exists(directory) ? " is not a directory" : " does not exist"));
        }
    }
}
