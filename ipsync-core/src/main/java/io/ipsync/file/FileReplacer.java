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
 * signals fall in one clock tick) and is then renamed onto the target. Unlike the Python
 * original, the target is never deleted first, and the temporary file sits beside the target,
 * so absolute paths and paths with folders work.
 */
final class FileReplacer {

    private static final long ONE_MICROSECOND_IN_NANOS = 1_000;

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
            FileTime modified = modifiedTimeAfter(target);
            // The access time too (it means nothing here): given only one, the JDK reads the other first.
            Files.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, modified, null);
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

    /** Now, or at least one microsecond after the target's current modification time if that is later. */
    private static FileTime modifiedTimeAfter(Path target) throws IOException {
        Instant now = Instant.now();
        long nowNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        long next = nowNanos - nowNanos % ONE_MICROSECOND_IN_NANOS;
        try {
            long previous = Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
            // A whole microsecond past the previous time, rounded up to a microsecond: a previous
            // time with nanoseconds (written by the kernel for a Python signaller) rounded down
            // first would leave a step of less than a microsecond, which Python's float mtime
            // (about 0.24 us apart at today's epoch) may not tell apart.
            long earliest = previous + ONE_MICROSECOND_IN_NANOS;
            next = Math.max(next, earliest + Math.floorMod(-earliest, ONE_MICROSECOND_IN_NANOS));
        } catch (NoSuchFileException firstSignal) {
            // nothing to be later than
        }
        return FileTime.from(next, TimeUnit.NANOSECONDS);
    }
}
