package io.ipsync.file;

import io.ipsync.FileSharing;
import io.ipsync.spi.UnreadableValueException;
import io.ipsync.spi.ValueChannel;
import io.ipsync.spi.Version;
import io.ipsync.spi.VersionedValue;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A data event as one file holding the latest JSON value, compatible with jk_interprocesssync's
 * {@code JSONDataEvent}.
 *
 * <h2>On disk</h2>
 * The file holds one JSON text in UTF-8, or nothing for a null value. ipsync publishes by
 * writing a hidden sibling ({@code .<name>.<random>.ipsync-tmp}) with a modification time
 * strictly after the current file's and renaming it onto the file, so the file is never partial
 * and never missing. Python publishers delete the file and then rename theirs into place: a
 * reader that finds the file missing in that gap takes it for "no change yet" and looks again on
 * the rename's notification.
 *
 * <h2>Guarantees</h2>
 * A reader returns a whole value, with the version of the file it read it from: the file is read
 * between two stats of the path that show the same version, so a value replaced during the read
 * is read again (see {@link #readIfChanged}). A listener therefore gets each value once, and
 * never one older than a value it got. Latest value wins: values replaced before a reader looked
 * are never seen.
 */
public final class FileValueChannel implements ValueChannel {

    private static final int READ_ATTEMPTS = 20;

    private final WatchedFile file;

    private final long maxValueSize;

    private final DiskSync diskSync;

    private FileValueChannel(WatchedFile file, long maxValueSize, DiskSync diskSync) {
        this.file = file;
        this.maxValueSize = maxValueSize;
        this.diskSync = diskSync;
    }

    /**
     * Opens the data event at {@code path}; the file itself need not exist yet.
     *
     * @param pollInterval how long a waiter goes without re-checking when no notification comes
     * @param createDirectory whether to create the file's directory if it is missing
     * @param maxValueSize the largest value read, in bytes
     */
    public static FileValueChannel open(Path path, Duration pollInterval, boolean createDirectory, long maxValueSize)
            throws IOException {
        return open(path, pollInterval, createDirectory, maxValueSize, FileSharing.PRIVATE, false);
    }

    /**
     * As {@link #open(Path, Duration, boolean, long)}, creating the directory and the file for
     * {@code sharing} and accepting only a directory that is safe for it ({@link DirectoryGuard}).
     *
     * @param syncWrites whether values are forced to the storage device (see
     *     {@link FileSettings#syncWrites()})
     * @throws UnsafeDirectoryException when another user could replace or redirect the directory
     */
    public static FileValueChannel open(Path path, Duration pollInterval, boolean createDirectory, long maxValueSize,
            FileSharing sharing, boolean syncWrites) throws IOException {
        return new FileValueChannel(new WatchedFile(path, pollInterval, createDirectory, FileModes.of(sharing)), maxValueSize,
                DiskSync.of(syncWrites));
    }

    /** Opens the data event at {@code path} with the given file settings, reading values up to {@code maxValueSize} bytes. */
    public static FileValueChannel open(Path path, FileSettings settings, long maxValueSize) throws IOException {
        return open(path, settings.pollInterval(), settings.createDirectory(), maxValueSize, settings.sharing(),
                settings.syncWrites());
    }

    DiskSync diskSync() {
        return diskSync;
    }

    @Override
    public String location() {
        return file.path().toString();
    }

    @Override
    public void publish(byte[] json) throws IOException {
        FileReplacer.replace(file.path(), json, file.modes(), diskSync);
    }

    @Override
    public VersionedValue latest() throws IOException {
        return readIfChanged(null);
    }

    @Override
    public VersionedValue awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException {
        return file.waiter().await(() -> readIfChanged(seen), timeoutNanos, stopWaiting);
    }

    /**
     * The current value if its version differs from {@code seen}; {@code null} otherwise or if
     * missing.
     *
     * <p>The value is the content of the file its version names ({@link FileStamp#valueVersion()}):
     * the path is stat'ed, then the file is opened and read, and the path is stat'ed again before
     * the file is closed; the value counts only if both stats show the same version and the
     * content is as long as they say. The file read is then the one both stats showed: a file that
     * has left the path never comes back to it (writers put only new files there), so a path that
     * shows the same file before the open and after the read showed that file all along. Each
     * value is therefore reported under the version of the file it came from, never again under
     * another; and a later look opens whatever is at the path later, never an older file. (What
     * stats of the path cannot rule out: between the two, the first file is deleted and its inode
     * number given to a newer file with the same modification time and size. That takes two
     * replaces within one read, on a file system whose clock does not tell them apart; Java 17
     * has no {@code fstat} of an open file that would close it.)
     */
    private VersionedValue readIfChanged(Version seen) throws IOException {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            FileStamp before = file.stamp();
            if (before == null) {
                return null;
            }
            Version version = before.valueVersion();
            if (version.equals(seen)) {
                return null;
            }
            FileChannel open;
            try {
                open = FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException replacedMeanwhile) {
                continue;
            } catch (IOException unreadable) {
                throw unreadable(version, unreadable);
            }
            try (FileChannel channel = open) {
                byte[] json;
                try {
                    json = BoundedReader.read(channel, file.path(), before.size(), maxValueSize);
                } catch (ClosedByInterruptException interrupted) {
                    throw interrupted;
                } catch (IOException unreadable) {
                    throw unreadable(version, unreadable);
                }
                FileStamp after = file.stamp();
                if (after != null && after.sameValueVersion(before) && json.length == before.size()) {
                    return new VersionedValue(version, json);
                }
            }
        }
        return null;
    }

    private UnreadableValueException unreadable(Version version, IOException cause) {
        return new UnreadableValueException("Cannot read the value of " + file.path() + ": " + cause.getMessage(), version, cause);
    }

    @Override
    public void wakeUpWaiters() {
        file.waiter().wakeUpWaiters();
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "FileValueChannel[" + location() + "]";
    }
}
