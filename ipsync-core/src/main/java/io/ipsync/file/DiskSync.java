package io.ipsync.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a file that ipsync publishes by rename is forced to the storage device first, so that
 * once the publishing call returns it survives a power loss or a kernel crash.
 *
 * <p>Publishing writes a temporary file and renames it into place. Durable publishing adds two
 * flushes: the temporary file's content before the rename ({@link #forceContent}, fsync), so that
 * the name can never point at data still in memory, and the directory after the rename
 * ({@link #forceDirectory}, fsync of the directory opened read-only, as Linux allows), so that the
 * new name itself is on the device. Without them, a journaling file system such as ext4 can come
 * back from a power loss with the new name missing, or pointing at an empty file.
 *
 * <p>Immutable and thread-safe.
 */
final class DiskSync {

    /** Publishing returns once the kernel has the data (the default; on tmpfs there is no device anyway). */
    static final DiskSync OFF = new DiskSync(false);

    /** Publishing returns once the storage device has the data and the name. */
    static final DiskSync ON = new DiskSync(true);

    private final boolean enabled;

    private DiskSync(boolean enabled) {
        this.enabled = enabled;
    }

    static DiskSync of(boolean syncWrites) {
        return syncWrites ? ON : OFF;
    }

    boolean isEnabled() {
        return enabled;
    }

    /** Forces what was written through {@code channel} to the device; call before the rename that publishes it. */
    void forceContent(FileChannel channel) throws IOException {
        if (enabled) {
            channel.force(true);
        }
    }

    /** Forces the entries of {@code directory} (a rename into it) to the device; call after the rename. */
    void forceDirectory(Path directory) throws IOException {
        if (enabled) {
            try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
                entries.force(true);
            }
        }
    }

    @Override
    public String toString() {
        return enabled ? "DiskSync[ON]" : "DiskSync[OFF]";
    }
}
