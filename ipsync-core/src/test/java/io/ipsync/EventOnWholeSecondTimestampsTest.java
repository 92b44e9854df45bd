package io.ipsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL.md: a jk_interprocesssync listener compares only {@code st_mtime}, and file systems
 * keep it "in one clock tick, 1-10 ms; whole seconds on some", so a Java signaller must move the
 * mtime strictly forward. A step of one microsecond past the previous value is enough on most;
 * a file system with whole-second timestamps (here ext4 with 128-byte inodes, the layout mke2fs
 * used for small file systems) would truncate it away, and a Python listener would miss the
 * signal: the signaller steps further there.
 *
 * <p>Needs root to mount a loop device; skipped (with the reason) elsewhere.
 */
class EventOnWholeSecondTimestampsTest {

    @TempDir
    Path dir;

    @Test
    void aJavaSignalMovesTheModificationTimeStrictlyForwardOnWholeSecondTimestamps() throws Exception {
        Path image = dir.resolve("coarse.img");
        Path mountPoint = Files.createDirectory(dir.resolve("coarse"));
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.truncate(0).position(8 * 1024 * 1024 - 1).write(ByteBuffer.wrap(new byte[1]));
        }
        String mkfs = run(List.of("mkfs.ext4", "-q", "-F", "-I", "128", image.toString()));
        Assumptions.assumeTrue(mkfs == null, () -> "Skipped: cannot make an ext4 image here: " + mkfs);
        String mount = run(List.of("mount", "-o", "loop", image.toString(), mountPoint.toString()));
        Assumptions.assumeTrue(mount == null, () -> "Skipped: cannot mount a loop device here (needs root): " + mount);
        try {
            Path file = mountPoint.resolve("reload.event");
            try (Event event = Event.open(file)) {
                event.signal();
                // The last signal's time lies on a whole second ahead of the clock (a clock stepped
                // back after it, or simply the next signal within the same second).
                Instant ahead = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
                Files.setLastModifiedTime(file, FileTime.from(ahead));
                FileTime before = Files.getLastModifiedTime(file);

                event.signal();

                assertThat(Files.getLastModifiedTime(file))
                        .as("the modification time, all a jk_interprocesssync listener compares")
                        .isGreaterThan(before);
            }
        } finally {
            String unmount = run(List.of("umount", mountPoint.toString()));
            if (unmount != null) {
                run(List.of("umount", "-l", mountPoint.toString()));
            }
        }
    }

    /** Runs a command; {@code null} when it succeeded, else what it said. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            return missing.toString();
        }
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return command + " did not finish within 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
