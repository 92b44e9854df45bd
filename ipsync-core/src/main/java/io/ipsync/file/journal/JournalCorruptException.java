package io.ipsync.file.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A journal file is not what ipsync wrote: truncated, corrupted, of a newer format version, or a
 * link or something else where a segment or the meta file should be. The message names the file
 * and what is wrong; nothing was changed.
 */
public class JournalCorruptException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public JournalCorruptException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }
}
