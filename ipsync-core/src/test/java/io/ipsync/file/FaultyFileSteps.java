package io.ipsync.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link FileSteps} that numbers every step, reports it, and at one chosen step ends the process
 * on the spot ({@link Runtime#halt}: no finally blocks, no shutdown hooks, like {@code kill -9})
 * or throws an {@link IOException}. Besides the file steps, the caller may number steps of its own
 * with {@link #checkpoint} (handling a message, say), so that a crash can fall there too.
 *
 * <p>Steps are numbered from 1 in the order they are taken; the report of step {@code k} reads
 * {@code step <k> <operation> <what>} with paths relative to the queue directory.
 */
final class FaultyFileSteps implements FileSteps {

    /** The exit code of a process that this class ended at a step. */
    static final int EXIT_CRASHED = 86;

    /** What happens at the chosen step. */
    enum Fault {
        /** The process ends before the step. */
        HALT,
        /** For a write: the first half of the content is written, then the process ends. Otherwise as {@link #HALT}. */
        HALT_HALFWAY,
        /** The step throws an {@link IOException} and is not taken; the process goes on. */
        THROW,
        /**
         * For a write: the first half of the content is written, then the writer waits for the
         * pause action to return, then writes the rest. Other steps are taken normally.
         */
        PAUSE_HALFWAY
    }

    private final Path root;

    private final int faultyStep;

    private final Fault fault;

    private final Consumer<String> report;

    private final AtomicInteger steps = new AtomicInteger();

    private final Runnable pause;

    /**
     * @param root the queue directory, to shorten the paths reported
     * @param faultyStep the number of the step to fail; 0 for none
     * @param report where each step's line goes, before the step is taken
     */
    FaultyFileSteps(Path root, int faultyStep, Fault fault, Consumer<String> report) {
        this(root, faultyStep, fault, report, () -> {
        });
    }

    /** @param pause what a {@link Fault#PAUSE_HALFWAY} write waits for */
    FaultyFileSteps(Path root, int faultyStep, Fault fault, Consumer<String> report, Runnable pause) {
        this.root = root.toAbsolutePath().normalize();
        this.faultyStep = faultyStep;
        this.fault = fault;
        this.report = report;
        this.pause = pause;
    }

    @Override
    public void writeNew(Path file, byte[] content, FileModes modes, DiskSync sync) throws IOException {
        if (isFaulty("write", file + " (" + content.length + " bytes)")) {
            if (fault == Fault.PAUSE_HALFWAY) {
                writeWithPause(file, content, modes);
                return;
            }
            if (fault == Fault.HALT_HALFWAY) {
                DIRECT.writeNew(file, Arrays.copyOf(content, content.length / 2), modes, sync);
            }
            failHere("write " + file);
        }
        DIRECT.writeNew(file, content, modes, sync);
    }

    private void writeWithPause(Path file, byte[] content, FileModes modes) throws IOException {
        try (FileChannel channel = modes.createFile(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            buffer.limit(content.length / 2);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            pause.run();
            buffer.limit(content.length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        if (isFaulty("move", relative(source) + " -> " + relative(target))) {
            failHere("move " + source + " to " + target);
        }
        DIRECT.move(source, target);
    }

    @Override
    public boolean delete(Path file) {
        if (isFaulty("delete", relative(file))) {
            try {
                failHere("delete " + file);
            } catch (IOException e) {
                return false;
            }
        }
        return DIRECT.delete(file);
    }

    /** A step of the caller's own, such as handling a message; {@link Fault#THROW} throws here too. */
    void checkpoint(String what) throws IOException {
        if (isFaulty("checkpoint", what)) {
            failHere(what);
        }
    }

    /** How many steps were taken or attempted so far. */
    int stepsTaken() {
        return steps.get();
    }

    private boolean isFaulty(String operation, String what) {
        int step = steps.incrementAndGet();
        report.accept("step " + step + " " + operation + " " + what.replace(root + "/", ""));
        return step == faultyStep;
    }

    private String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    private void failHere(String what) throws IOException {
        if (fault == Fault.PAUSE_HALFWAY) {
            return;
        }
        if (fault == Fault.THROW) {
            throw new IOException("Injected failure at step " + faultyStep + ": " + what);
        }
        Runtime.getRuntime().halt(EXIT_CRASHED);
    }
}
