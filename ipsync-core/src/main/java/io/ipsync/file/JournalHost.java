package io.ipsync.file;

import io.ipsync.spi.DeadLetterReason;
import io.ipsync.spi.DeadLetterStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * What the journal layout ({@code io.ipsync.file.journal}) uses of the file layout's machinery:
 * the checked queue directory, file modes, and the file-per-message dead-letter folder. Internal
 * API: public only for that package, not for applications.
 */
public final class JournalHost {

    /** The folder inside a queue directory that holds a journal; its {@code meta} file marks the layout. */
    public static final String JOURNAL_FOLDER = "journal";

    private final Path root;

    private final FileModes modes;

    private final QueueDirectory directory;

    private final DeadLetterBox deadLetters;

    private JournalHost(Path root, FileSettings settings) {
        this.root = root;
        this.modes = FileModes.of(settings.sharing());
        this.directory = new QueueDirectory(root, settings.deadLetterDirectory(), modes);
        this.deadLetters = new DeadLetterBox(directory, root.toString(), FileSteps.DIRECT);
    }

    /**
     * Checks (and, where the settings say so, creates) the queue directory as the file layout
     * does: a real directory no other user could replace ({@link DirectoryGuard}).
     */
    public static JournalHost open(Path directory, FileSettings settings) throws IOException {
        return new JournalHost(QueueDirectory.prepareRoot(directory, settings), settings);
    }

    /**
     * The layout of the queue in {@code directory}: {@link FileTransport#JOURNAL_LAYOUT} where a
     * journal's meta file is, {@link FileTransport#FILES_LAYOUT} where the file layout has left its
     * folder or messages, {@code null} for a missing or empty directory (a new queue).
     */
    public static String detectLayout(Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        if (Files.exists(root.resolve(JOURNAL_FOLDER).resolve("meta"), LinkOption.NOFOLLOW_LINKS)) {
            return FileTransport.JOURNAL_LAYOUT;
        }
        if (!Files.isDirectory(root)) {
            return null;
        }
        if (Files.exists(root.resolve(QueueDirectory.BOOKKEEPING), LinkOption.NOFOLLOW_LINKS)) {
            return FileTransport.FILES_LAYOUT;
        }
        return strayMessages(root) > 0 ? FileTransport.FILES_LAYOUT : null;
    }

    /** How many message files ({@code q_...}) a producer of the file layout, Python's say, dropped into {@code root}. */
    public static long strayMessages(Path root) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (MessageNames.isMessage(entry.getFileName().toString())) {
                    count++;
                }
            }
        } catch (NoSuchFileException gone) {
            return 0;
        }
        return count;
    }

    /** The queue directory, absolute and normalised. */
    public Path root() {
        return root;
    }

    /** Creates one folder in the queue's mode, or accepts the real folder there; never a link. */
    public void ensureDirectory(Path folder) throws IOException {
        modes.ensureDirectory(folder);
    }

    /** Opens a new file for writing in the queue's mode; fails if anything is there. */
    public FileChannel createFile(Path file) throws IOException {
        return modes.createFile(file);
    }

    /** The permissions new files get, for opening files with other options. */
    public FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return modes.fileAttribute();
    }

    /** Gives a file others must open for writing (a lock file) group write in group mode. */
    public void shareFile(Path file) throws IOException {
        modes.shareFile(file);
    }

    /**
     * Moves {@code source}, a file holding the message's content, into the dead letters as
     * {@code id}, with a record of the reason, attempts, consumer and headers.
     */
    public void deadLetter(Path source, String id, int attempts, String consumer, Map<String, String> headers,
            DeadLetterReason reason) throws IOException {
        if (directory.deadLetters.startsWith(root)) {
            modes.ensureDirectory(root.resolve(QueueDirectory.BOOKKEEPING));
        }
        deadLetters.put(source, id, attempts, consumer, headers, reason);
    }

    /** Whether a dead letter with this id (or its record) is there. */
    public boolean hasDeadLetter(String id) {
        Path folder = deadLetters.directory();
        return Files.exists(folder.resolve(id), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(folder.resolve(DeadLetterBox.reasonFileName(id)), LinkOption.NOFOLLOW_LINKS);
    }

    /** How many dead letters there are. */
    public long deadLetterCount() throws IOException {
        try {
            return deadLetters.count();
        } catch (NoSuchFileException none) {
            return 0;
        }
    }

    /**
     * The dead letters as the file layout keeps them; its {@link DeadLetterStore#requeue} would put
     * a message back as a file, so the journal re-drives through its own wrapper and uses only the
     * reading and purging of this store.
     */
    public DeadLetterStore deadLetterFiles(long maxMessageSize) {
        return new FileDeadLetterStore(directory, deadLetters, new FileHeaders(directory, DiskSync.OFF), new MessageNamer(),
                maxMessageSize, FileSteps.DIRECT);
    }
}
