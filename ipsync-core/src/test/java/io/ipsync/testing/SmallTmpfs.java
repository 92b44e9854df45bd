package io.ipsync.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few hundred kilobytes, mounted for one test, that the test can fill to the last
 * byte and free again: the way to see what ipsync does when the disk is full.
 *
 * <p>Mounting needs root (or CAP_SYS_ADMIN); where the machine does not allow it, {@link #mount}
 * aborts the test with the reason, so the report shows it as skipped and why. {@link #close()}
 * unmounts, lazily if something still holds the file system open, so a failed test never leaves a
 * mount behind.
 */
public final class SmallTmpfs implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private final Path root;

    private final Path filler;

    private SmallTmpfs(Path root) {
        this.root = root;
        this.filler = root.resolve("filler.bin");
    }

    /**
     * Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. {@code 1m}) on
     * {@code mountPoint}, creating it; aborts the calling test when mounting is not allowed here.
     */
    public static SmallTmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        CommandResult result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString()));
        Assumptions.assumeTrue(result.exitCode() == 0,
                () -> "Skipped: this machine does not let the test mount a small tmpfs to fill up (mount exited with "
                        + result.exitCode() + ": " + result.output().strip() + "); run as root to include it");
        return new SmallTmpfs(mountPoint);
    }

    /** The mount point: the root of the small file system. */
    public Path root() {
        return root;
    }

    /** Writes one file until the file system has no byte left; afterwards no file can get any content. */
    public void fill() throws IOException {
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
        // Leftover room smaller than a chunk: fill it byte by byte.
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    /** Gives the space taken by {@link #fill()} back. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Unmounts; lazily when something still holds the file system open (a listener that a failed test left running). */
    @Override
    public void close() throws IOException, InterruptedException {
        CommandResult result = run(List.of("umount", root.toString()));
        if (result.exitCode() != 0) {
            CommandResult lazy = run(List.of("umount", "-l", root.toString()));
            if (lazy.exitCode() != 0) {
                throw new IOException("Cannot unmount the test tmpfs " + root + ": " + result.output() + lazy.output());
            }
        }
    }

    /** Runs a short command (mount, umount) and returns its exit code and output; -1 when it cannot run. */
    static CommandResult run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noSuchCommand) {
            return new CommandResult(-1, noSuchCommand.toString());
        }
        process.getOutputStream().close();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new CommandResult(-1, String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandResult(process.exitValue(), output);
    }

    record CommandResult(int exitCode, String output) {
    }
}
