package io.ipsync.file;

import io.ipsync.FileSharing;
import io.ipsync.spi.SignalChannel;
import io.ipsync.spi.Version;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An event as one file, compatible with jk_interprocesssync's {@code Event}.
 *
 * <h2>On disk</h2>
 * The file's content is irrelevant (empty); a signal is any change of the file's stamp
 * ({@link FileStamp}: inode, modification time, change time, size). ipsync signals by writing an
 * empty hidden sibling, giving it a modification time strictly after the current file's, and
 * renaming it onto the file; Python signallers truncate the file in place, which moves its
 * modification and change times. A missing file never fires.
 *
 * <h2>Guarantees</h2>
 * Every listener sees every ipsync signal made after its last look at the stamp, also where the
 * file system's clock is coarse: each ipsync signal gives a new inode and a later modification
 * time. Signals between two looks coalesce into one wake-up. Python signals within one tick of
 * the file system's clock can coalesce with each other, as they do between Python processes.
 */
public final class FileSignalChannel implements SignalChannel {

    private static final byte[] EMPTY = new byte[0];

    private final WatchedFile file;

    private final DiskSync diskSync;

    private FileSignalChannel(WatchedFile file, DiskSync diskSync) {
        this.file = file;
        this.diskSync = diskSync;
    }

    /**
     * Opens the event at {@code path}; the file itself need not exist yet.
     *
     * @param pollInterval how long a waiter goes without re-checking when no notification comes
     * @param createDirectory whether to create the file's directory if it is missing
     */
    public static FileSignalChannel open(Path path, Duration pollInterval, boolean createDirectory) throws IOException {
        return open(path, pollInterval, createDirectory, FileSharing.PRIVATE, false);
    }

    /**
     * As {@link #open(Path, Duration, boolean)}, creating the directory and the file for
     * {@code sharing} and accepting only a directory that is safe for it ({@link DirectoryGuard}).
     *
     * @param syncWrites whether signals are forced to the storage device (see
     *     {@link FileSettings#syncWrites()})
     * @throws UnsafeDirectoryException when another user could replace or redirect the directory
     */
    public static FileSignalChannel open(Path path, Duration pollInterval, boolean createDirectory, FileSharing sharing,
            boolean syncWrites) throws IOException {
        return new FileSignalChannel(new WatchedFile(path, pollInterval, createDirectory, FileModes.of(sharing)),
                DiskSync.of(syncWrites));
    }

    /** Opens the event at {@code path} with the given file settings. */
    public static FileSignalChannel open(Path path, FileSettings settings) throws IOException {
        return open(path, settings.pollInterval(), settings.createDirectory(), settings.sharing(), settings.syncWrites());
    }

    DiskSync diskSync() {
        return diskSync;
    }

    @Override
    public String location() {
        return file.path().toString();
    }

    @Override
    public void signal() throws IOException {
        FileReplacer.replace(file.path(), EMPTY, file.modes(), diskSync);
    }

    @Override
    public Version latest() throws IOException {
        FileStamp stamp = file.stamp();
        return stamp == null ? null : stamp.version();
    }

    @Override
    public Version awaitChange(Version seen, long timeoutNanos, BooleanSupplier stopWaiting)
            throws IOException, InterruptedException {
        return file.waiter().await(() -> {
            Version current = latest();
            return current != null && !current.equals(seen) ? current : null;
        }, timeoutNanos, stopWaiting);
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
        return "FileSignalChannel[" + location() + "]";
    }
}
