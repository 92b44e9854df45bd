package io.ipsync.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClaimOwner#keepAlive()} runs on consumer threads, which containers interrupt when they
 * stop. A write through an interruptible channel on an interrupted thread would close the channel,
 * and with it release the process's lock: the consumer would go on without it, and any other
 * process's reaper would take its claims back while they are being handled.
 */
class ClaimOwnerKeepAliveInterruptTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptDuringTheKeepAliveWriteDoesNotDropTheConsumersLock() throws Exception {
        QueueDirectory directory = new QueueDirectory(dir.toAbsolutePath().normalize(), null,
                FileModes.of(FileSettings.DEFAULTS.sharing()));
        ClaimOwner owner = ClaimOwner.create(directory);
        try {
            Path lockFile = directory.ownerLock(owner.id());
            assertThat(heldByThisProcess(lockFile)).as("locked after create").isTrue();

            Thread.currentThread().interrupt(); // e.g. a listener container interrupting its threads on stop
            try {
                owner.keepAlive();
            } finally {
                Thread.interrupted();
            }

            assertThat(heldByThisProcess(lockFile)).as("still locked after a keep-alive on an interrupted thread")
                    .isTrue();
        } finally {
            owner.close();
        }
    }

    /** Reads /proc/locks (never opens the lock file, which would itself release the lock). */
    private static boolean heldByThisProcess(Path file) throws Exception {
        long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        long pid = ProcessHandle.current().pid();
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .map(line -> line.trim().split("\\s+"))
                .anyMatch(f -> f.length > 5 && f[1].equals("POSIX") && f[4].equals(Long.toString(pid))
                        && f[5].endsWith(":" + inode));
    }
}
