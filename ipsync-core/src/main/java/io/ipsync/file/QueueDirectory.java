package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Where a queue keeps what: messages in the queue directory itself, everything of ipsync's own
 * in the folder {@code .ipsync} inside it, which a jk_interprocesssync consumer never looks
 * into (it takes only regular files whose names start with {@code q_}).
 *
 * <pre>
 * queue/
 *   q_&lt;T&gt;_&lt;producer&gt;               waiting messages (shared with Python peers)
 *   tmp_q_&lt;T&gt;_&lt;producer&gt;.tmp       messages being written by Python producers
 *   .ipsync/
 *     incoming/tmp_q_...              messages being written by ipsync producers
 *     owners/&lt;owner&gt;.lock           one per live consumer, held with an OS file lock
 *     claims/&lt;owner&gt;/&lt;attempt&gt;-q_... messages claimed by that consumer
 *     retry/&lt;due&gt;-&lt;attempts&gt;-q_...   failed messages waiting for their next attempt
 *     dead/q_...                      dead letters, each with reason-q_....json beside it
 *     headers/q_...                   headers of messages, only where the file system has no
 *                                     user extended attributes (see {@link FileHeaders})
 * </pre>
 */
final class QueueDirectory {

    static final String BOOKKEEPING = ".ipsync";

    final Path root;

    /**
     * Where ipsync producers write a message before renaming it into the queue: outside the
     * watched directory, so that a put wakes its consumers' watchers once (for the rename), not
     * twice. Created by the first put.
     */
    final Path incoming;

    final Path owners;

    final Path claims;

    final Path retries;

    final Path deadLetters;

    /** Sidecar files of message headers, where the file system cannot keep them in the message file. */
    final Path headers;

    /** How everything here is created. */
    final FileModes modes;

    QueueDirectory(Path root, Path deadLetterOverride, FileModes modes) {
        this.root = root;
        this.modes = modes;
        Path bookkeeping = root.resolve(BOOKKEEPING);
        this.incoming = bookkeeping.resolve("incoming");
        this.owners = bookkeeping.resolve("owners");
        this.claims = bookkeeping.resolve("claims");
        this.retries = bookkeeping.resolve("retry");
        this.headers = bookkeeping.resolve("headers");
        this.deadLetters = deadLetterOverride != null ? deadLetterOverride.toAbsolutePath().normalize() : bookkeeping.resolve("dead");
    }

    /**
     * Checks (and, where the settings say so, creates) a queue directory, whatever its layout: not
     * its own dead-letter directory, a real directory, and one no other user could replace or
     * redirect ({@link DirectoryGuard}).
     *
     * @return the directory as an absolute, normalised path
     * @throws NoSuchFileException when the directory is missing and the settings do not create it
     * @throws NotDirectoryException when something other than a directory is in its place
     * @throws UnsafeDirectoryException when another user could replace or redirect the directory
     */
    static Path prepareRoot(Path directory, FileSettings settings) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Path deadLetters = settings.deadLetterDirectory();
        if (deadLetters != null && deadLetters.toAbsolutePath().normalize().equals(root)) {
            throw new IllegalArgumentException("The dead-letter directory of the queue " + root
                    + " is the queue directory itself, where dead letters would come back as messages: choose another");
        }
        FileModes modes = FileModes.of(settings.sharing());
        modes.requireUsableUmask(root);
        if (settings.createDirectory()) {
            modes.ensureDirectories(root);
        } else if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "the queue directory does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        DirectoryGuard.check(root, settings.sharing());
        return root;
    }

    /**
     * Creates ipsync's folders, or checks the ones there: each must be a real directory, never a
     * symbolic link (see {@link FileModes#ensureDirectory}). A queue used only by producers needs
     * none of them (only {@link #createIncoming() incoming}). A dead-letter folder of the user's choosing may be anywhere, and is checked as a
     * channel directory is ({@link DirectoryGuard}).
     */
    void createBookkeeping() throws IOException {
        modes.ensureDirectory(root.resolve(BOOKKEEPING));
        modes.ensureDirectory(owners);
        modes.ensureDirectory(claims);
        modes.ensureDirectory(retries);
        ensureDeadLetters();
        if (!deadLetters.startsWith(root)) {
            DirectoryGuard.check(deadLetters, modes.sharing());
        }
    }

    /** Creates the folder of producers' temporary files (and {@code .ipsync}), in this directory's mode. */
    void createIncoming() throws IOException {
        modes.ensureDirectory(root.resolve(BOOKKEEPING));
        modes.ensureDirectory(incoming);
    }

    /** Creates the retry folder (and {@code .ipsync}), where messages put for later wait. */
    void createRetries() throws IOException {
        modes.ensureDirectory(root.resolve(BOOKKEEPING));
        modes.ensureDirectory(retries);
    }

    /** Creates the dead-letter folder if it is missing: strictly inside the queue, with its parents for one of the user's choosing. */
    void ensureDeadLetters() throws IOException {
        if (deadLetters.startsWith(root)) {
            modes.ensureDirectory(deadLetters);
        } else {
            modes.ensureDirectories(deadLetters);
        }
    }

    Path ownerLock(String ownerId) {
        return owners.resolve(ownerId + ".lock");
    }

    Path claimFolder(String ownerId) {
        return claims.resolve(ownerId);
    }
}
