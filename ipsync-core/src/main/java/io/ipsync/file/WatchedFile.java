package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event or data-event file: its stamp, and a waiter woken by changes in its directory.
 * Shared by {@link FileSignalChannel} and {@link FileValueChannel}.
 */
final class WatchedFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);

    private final Path path;

    private final ChangeWaiter waiter;

    private final AtomicBoolean warnedNotRegular = new AtomicBoolean();

    private final FileModes modes;

    WatchedFile(Path path, Duration pollInterval, boolean createDirectory, FileModes modes) throws IOException {
        this.path = path.toAbsolutePath().normalize();
        this.modes = modes;
        Path directory = this.path.getParent();
        modes.requireUsableUmask(this.path);
        if (createDirectory) {
            modes.ensureDirectories(directory);
        }
        DirectoryGuard.check(directory, modes.sharing());
        String name = this.path.getFileName().toString();
        long pollNanos = pollInterval.toNanos();
        this.waiter = new ChangeWaiter(directory, WatchInterest.MODIFIED, name::equals, () -> pollNanos);
    }

    Path path() {
        return path;
    }

    /** How files written here are created. */
    FileModes modes() {
        return modes;
    }

    ChangeWaiter waiter() {
        return waiter;
    }

    /**
     * The file's stamp, or {@code null} when there is no regular file to read: missing (never
     * signalled, or between a Python writer's delete and rename), or something else in its place
     * (a folder), which is logged once.
     */
    FileStamp stamp() throws IOException {
        FileStamp stamp = FileStamp.read(path);
        if (stamp == null) {
            return null;
        }
        if (!stamp.regularFile()) {
            if (warnedNotRegular.compareAndSet(false, true)) {
                log.warn("{} is not a regular file (a symbolic link is never followed); it is ignored until a signaller replaces it",
                        path);
            }
            return null;
        }
        warnedNotRegular.set(false);
        return stamp;
    }

    @Override
    public void close() {
        waiter.close();
    }
}
