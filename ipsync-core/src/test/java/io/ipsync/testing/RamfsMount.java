package io.ipsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A ramfs mounted for one test: a file system that keeps no user extended attributes (setting one
 * fails with "Operation not supported"), as tmpfs before Linux 6.6 and some network file systems.
 * ramfs has no size limit: write little to it.
 *
 * <p>Mounting needs root (or CAP_SYS_ADMIN); where the machine does not allow it, {@link #mount}
 * aborts the test with the reason, so the report shows it as skipped and why.
 */
public final class RamfsMount implements AutoCloseable {

    private final Path root;

    private RamfsMount(Path root) {
        this.root = root;
    }

    /** Mounts a ramfs on {@code mountPoint}, creating it; aborts the calling test when mounting is not allowed here. */
    public static RamfsMount mount(Path mountPoint) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        SmallTmpfs.CommandResult result = SmallTmpfs.run(List.of("mount", "-t", "ramfs", "-o", "mode=0700", "ramfs",
                mountPoint.toString()));
        Assumptions.assumeTrue(result.exitCode() == 0,
                () -> "Skipped: this machine does not let the test mount a ramfs, a file system without user extended"
                        + " attributes (mount exited with " + result.exitCode() + ": " + result.output().strip()
                        + "); run as root to include it");
        return new RamfsMount(mountPoint);
    }

    /** The mount point: the root of the file system. */
    public Path root() {
        return root;
    }

    /** Unmounts, lazily when something still holds the file system open. */
    @Override
    public void close() throws IOException, InterruptedException {
        SmallTmpfs.CommandResult result = SmallTmpfs.run(List.of("umount", root.toString()));
        if (result.exitCode() != 0) {
            SmallTmpfs.CommandResult lazy = SmallTmpfs.run(List.of("umount", "-l", root.toString()));
            if (lazy.exitCode() != 0) {
                throw new IOException("Cannot unmount the test ramfs " + root + ": " + result.output() + lazy.output());
            }
        }
    }
}
