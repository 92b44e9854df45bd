package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Files;
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

    WatchedFile(Path path, Duration pollInterval, boolean createDirectory) throws IOException {
        this.path = path.toAbsolutePath().normalize();
        Path directory = this.path.getParent();
        if (createDirectory) {
            Files.createDirectories(directory);
        }
        String name = this.path.getFileName().toString();
        long pollNanos = pollInterval.toNanos();
        this.waiter = new ChangeWaiter(directory, true, name::equals, () -> pollNanos);
    }

    Path path() {
        return path;
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
                log.warn("{} is not a regular file; it is ignored until a signaller replaces it", path);
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
