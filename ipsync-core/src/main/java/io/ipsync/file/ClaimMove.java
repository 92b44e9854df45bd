package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The claim step: one rename of a message into a consumer's claim folder. Of several consumers
 * (Java or Python) racing for the message, exactly one rename, or one Python unlink, succeeds.
 */
final class ClaimMove {

    private ClaimMove() {
    }

    /**
     * @return {@code true} when this consumer now holds the message; {@code false} when another
     *     consumer took it first
     * @throws NoSuchFileException when the claim folder itself is gone (its bookkeeping was
     *     removed): claiming cannot go on, and retrying would spin
     */
    static boolean move(FileSteps steps, Path message, Path claimed) throws IOException {
        try {
            steps.move(message, claimed);
            return true;
        } catch (NoSuchFileException missing) {
            if (!Files.isDirectory(claimed.getParent())) {
                throw new ClaimFolderGoneException(claimed.getParent());
            }
            return false;
        }
    }

    /** The consumer's claim folder is gone: its bookkeeping was removed, or the whole queue directory. */
    static final class ClaimFolderGoneException extends NoSuchFileException {

        private static final long serialVersionUID = 1L;

        ClaimFolderGoneException(Path folder) {
            super(folder.toString(), null, "the consumer's claim folder is gone; was the queue's .ipsync folder removed?");
        }
    }
}
