package io.ipsync.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Replaces an event or data-event file in one atomic step, so that a reader sees the old file or
 * the new one, never a partial or a missing one.
 *
 * <p>The new content goes to a hidden sibling ({@code .<name>.<random>.ipsync-tmp}), which gets a
 * modification time strictly after the old file's (at least one microsecond later, so that
 * jk_interprocesssync listeners, which compare float seconds, see the change even where two
 * signals fall in one clock tick; later still where the file system keeps coarser times, as
 * ext4 with small inodes keeps whole seconds) and is then renamed onto the target. Unlike the
 * Python original, the target is never deleted first, and the temporary file sits beside the
 * target, so absolute paths and paths with folders work.
 */
final class FileReplacer {

    private static final long ONE_MICROSECOND_IN_NANOS = 1_000;

    /** The coarser steps tried, in turn, where a file system drops a microsecond's step: FAT keeps two seconds. */
    private static final long[] COARSER_STEPS_IN_NANOS = {
        TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(2)};

    private FileReplacer() {
    }

    static void replace(Path target, byte[] content, FileModes modes, DiskSync diskSync) throws IOException {
        Path temp = target.resolveSibling(
                "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".ipsync-tmp");
        try {
            try (FileChannel channel = modes.createFile(temp)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            FileTime previous = modifiedTime(target);
            setModifiedTime(temp, modifiedTimeAfter(previous));
            if (previous != null) {
                stepPastCoarseTimes(temp, previous);
            }
            forceContent(temp, diskSync);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            diskSync.forceDirectory(target.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Forces the content and the modification time just set (the signal, for an event) to the device. */
    private static void forceContent(Path temp, DiskSync diskSync) throws IOException {
        if (diskSync.isEnabled()) {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                diskSync.forceContent(channel);
            }
        }
    }

    /** The target's modification time, or {@code null} before the first signal. */
    private static FileTime modifiedTime(Path target) throws IOException {
        try {
            return Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException firstSignal) {
            return null;
        }
    }

    /** Now, or at least one microsecond after {@code previous} if that is later. */
    private static FileTime modifiedTimeAfter(FileTime previous) {
        Instant now = Instant.now();
        long nowNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        long next = nowNanos - nowNanos % ONE_MICROSECOND_IN_NANOS;
        if (previous != null) {
            // A whole microsecond past the previous time, rounded up to a microsecond: a previous
            // time with nanoseconds (written by the kernel for a Python signaller) rounded down
            // first would leave a step of less than a microsecond, which Python's float mtime
            // (about 0.24 us apart at today's epoch) may not tell apart.
            long earliest = previous.to(TimeUnit.NANOSECONDS) + ONE_MICROSECOND_IN_NANOS;
            next = Math.max(next, earliest + Math.floorMod(-earliest, ONE_MICROSECOND_IN_NANOS));
        }
        return FileTime.from(next, TimeUnit.NANOSECONDS);
    }

    /**
     * Where the file system keeps coarser times than it was given (it truncated the new time to
     * {@code previous} or before), moves it to the next millisecond, second or two seconds past
     * {@code previous}, the first that the file system keeps as later. One {@code stat} more
     * per signal, for the look.
     */
    private static void stepPastCoarseTimes(Path temp, FileTime previous) throws IOException {
        long previousNanos = previous.to(TimeUnit.NANOSECONDS);
        for (long step : COARSER_STEPS_IN_NANOS) {
            if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).compareTo(previous) > 0) {
                return;
            }
            long nextStep = previousNanos - Math.floorMod(previousNanos, step) + step;
            setModifiedTime(temp, FileTime.from(nextStep, TimeUnit.NANOSECONDS));
        }
    }

    private static void setModifiedTime(Path file, FileTime modified) throws IOException {
        // The access time too (it means nothing here): given only one, the JDK reads the other first.
        Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(modified, modified, null);
    }
}
