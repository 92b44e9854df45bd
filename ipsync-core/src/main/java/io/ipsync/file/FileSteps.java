package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file-system steps that carry a message through its life (see {@link FileQueueChannel}):
 * writing a new file, renaming it atomically, deleting it. Every commit point of a queue is one of
 * these calls, and nothing else changes what a consumer can see.
 *
 * <p>It exists so that tests can stand between the steps, as Square's Tape tests do with a failing
 * file: fail a step with an {@link IOException}, or end the process at a step, and check that the
 * queue is still consistent. Production code uses {@link #DIRECT}, the plain NIO calls, nothing
 * more. Implementations must be thread-safe.
 */
interface FileSteps {

    /** The NIO calls themselves. */
    FileSteps DIRECT = new DirectFileSteps();

    /**
     * Creates {@code file}, which must not exist, with the permissions of {@code modes}, writes
     * all of {@code content}, forces it to the storage device when {@code sync} says so, and
     * closes it.
     *
     * @throws java.nio.file.FileAlreadyExistsException when something is at {@code file}
     * @throws java.nio.file.NoSuchFileException when its folder is missing
     */
    void writeNew(Path file, byte[] content, FileModes modes, DiskSync sync) throws IOException;

    /**
     * Renames {@code source} to {@code target} in one atomic step (replacing {@code target} where
     * the platform's {@code rename} does).
     *
     * @throws java.nio.file.NoSuchFileException when {@code source} (or {@code target}'s folder)
     *     is gone
     */
    void move(Path source, Path target) throws IOException;

    /**
     * Deletes {@code file} with one {@code unlink}.
     *
     * @return whether it was deleted; {@code false} when it is gone or cannot be deleted
     */
    boolean delete(Path file);
}
