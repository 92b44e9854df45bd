package io.ipsync.file.journal;

import io.ipsync.file.FileSettings;
import io.ipsync.file.JournalHost;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder {@code journal} of a queue directory, made ready for a channel: the queue directory
 * checked ({@link JournalHost#open}), the folder, its {@code lock} file and {@code meta} file made
 * where missing, leftovers of processes that died while making a file removed, and message files a
 * producer of the file layout dropped into the queue directory reported.
 */
record JournalFolder(JournalHost host, Path path, Meta meta) {

    private static final Logger log = LoggerFactory.getLogger(JournalFolder.class);

    static JournalFolder prepare(Path directory, FileSettings settings) throws IOException {
        JournalHost host = JournalHost.open(directory, settings);
        Path folder = host.root().resolve(JournalHost.JOURNAL_FOLDER);
        host.ensureDirectory(folder);
        Path lock = folder.resolve("lock");
        if (!Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel created = host.createFile(lock)) {
                host.shareFile(lock);
            } catch (FileAlreadyExistsException anotherOpener) {
                // made at the same time by another
            }
        }
        Meta meta = Meta.openOrCreate(host, folder, settings);
        removeStaleTemporaries(folder, settings.staleTempFileAge());
        long stray = JournalHost.strayMessages(host.root());
        if (stray > 0) {
            log.warn("The journal queue {} has {} message file(s) (q_...) in its directory, put there by a producer of"
                    + " the file layout (a Python one?); a journal never takes them: move them into a queue of the file"
                    + " layout, or put them again through a journal producer", host.root(), stray);
        }
        return new JournalFolder(host, folder, meta);
    }

    /**
     * Removes what processes that died while making a file left: the temporary files (names
     * starting with a dot) of a segment, the meta file or a dead letter, once older than the stale age.
     */
    private static void removeStaleTemporaries(Path folder, Duration age) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(age));
        try (var files = Files.newDirectoryStream(folder, ".*.tmp")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
                        Files.deleteIfExists(file);
                    }
                } catch (NoSuchFileException gone) {
                    // removed by another opener
                }
            }
        }
    }
}
