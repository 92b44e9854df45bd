package io.ipsync.file;

import io.ipsync.FileSharing;
import io.ipsync.spi.UnreadableValueException;
import io.ipsync.spi.ValueChannel;
import io.ipsync.spi.Version;
import io.ipsync.spi.VersionedValue;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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
 * A reader returns a whole value: the file is read between two identical stamps, so a value
 * replaced during the read is read again. Latest value wins: values replaced before a reader
 * looked are never seen.
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

    /** The current value if its version differs from {@code seen}; {@code null} otherwise or if missing. */
    private VersionedValue readIfChanged(Version seen) throws IOException {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            FileStamp before = file.stamp();
            if (before == null) {
                return null;
            }
            Version version = before.version();
            if (version.equals(seen)) {
                return null;
            }
            byte[] json;
            try {
                json = BoundedReader.read(file.path(), before.size(), maxValueSize, false);
            } catch (NoSuchFileException replacedMeanwhile) {
                continue;
            } catch (ClosedByInterruptException interrupted) {
                throw interrupted;
            } catch (IOException unreadable) {
                throw new UnreadableValueException(
                        "Cannot read the value of " + file.path() + ": " + unreadable.getMessage(), version, unreadable);
            }
            if (Objects.equals(before, file.stamp())) {
                return new VersionedValue(version, json);
            }
        }
        return null;
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
