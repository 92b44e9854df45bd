package io.ipsync.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One running {@code jk_peer.py} process: the project's stand-in for a process that uses the
 * Python original, jk_interprocesssync (see {@code src/test/python/jk_peer.py}).
 *
 * <p>Its standard output is read line by line on a background thread, so a test can wait for
 * each line with a bound ({@link #nextLine(Duration)}); its standard error is kept for failure
 * messages. Everything sent to and read from the peer is ASCII (the peer writes JSON with
 * {@code ensure_ascii}), so neither side depends on the platform's encoding. {@link #close()}
 * kills the process if it still runs.
 *
 * <p>The script is found at {@code src/test/python/jk_peer.py} under the working directory,
 * which is the module's base directory when Maven runs the tests, or at the path in the system
 * property {@value #SCRIPT_PROPERTY}.
 */
final class PythonPeer implements AutoCloseable {

    static final String SCRIPT_PROPERTY = "ipsync.interop.pythonPeer";

    static final String PYTHON = "python3";

    /** What the peer exits with when its own {@code --timeout} passed first. */
    static final int TIMEOUT_EXIT_CODE = 3;

    static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    private static final String END_OF_OUTPUT = new String("<end of output>");

    private final List<String> command;

    private final Process process;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private final StringBuffer errors = new StringBuffer();

    private final Thread errorReader;

    private PythonPeer(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        daemon("jk_peer-stdout", () -> readLines(process.getInputStream())).start();
        this.errorReader = daemon("jk_peer-stderr", () -> readErrors(process.getErrorStream()));
        errorReader.start();
    }

    /** Skips the calling test, with the reason shown in the report, where no Python is installed (call it per test). */
    static void assumePythonAvailable() {
        Assumptions.assumeTrue(findOnPath(PYTHON).isPresent(), PYTHON + " not found on PATH: interop tests skipped");
    }

    /** Starts the peer with the module's base directory as its working directory. */
    static PythonPeer start(String... arguments) {
        return startIn(null, arguments);
    }

    /** Starts the peer in the given working directory (the data event's sender needs its file's folder). */
    static PythonPeer startIn(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add(script().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        try {
            return new PythonPeer(command, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** Runs the peer to its end and returns its output lines, failing unless it exits with 0. */
    static List<String> run(String... arguments) {
        try (PythonPeer peer = start(arguments)) {
            return peer.remainingLinesAfterSuccess();
        }
    }

    /** As {@link #run(String...)}, in the given working directory. */
    static List<String> runIn(Path workingDirectory, String... arguments) {
        try (PythonPeer peer = startIn(workingDirectory, arguments)) {
            return peer.remainingLinesAfterSuccess();
        }
    }

    private static Path script() {
        Path script = Path.of(System.getProperty(SCRIPT_PROPERTY, "src/test/python/jk_peer.py")).toAbsolutePath();
        assertThat(script).as("the Python peer script (set -D%s to its path when running from elsewhere)",
                SCRIPT_PROPERTY).isRegularFile();
        return script;
    }

    private static Optional<Path> findOnPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isEmpty()) {
                Path candidate = Path.of(folder, executable);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Sends lines to the peer's standard input (ASCII only). */
    void send(List<String> inputLines) {
        try {
            OutputStream input = process.getOutputStream();
            for (String line : inputLines) {
                input.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + this, e);
        }
    }

    /** Closes the peer's standard input: commands run with {@code --until-eof} stop. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the input of " + this, e);
        }
    }

    /** The next output line; fails when none comes within {@link #LINE_TIMEOUT} or the output ends. */
    String nextLine() {
        return nextLine(LINE_TIMEOUT);
    }

    /** The next output line; fails when none comes within the timeout or the output ends. */
    String nextLine(Duration timeout) {
        String line = pollLine(timeout);
        if (line == null) {
            throw new AssertionError("No output line from " + this + " within " + timeout + describeState());
        }
        return line;
    }

    /**
     * The next output line, or {@code null} when none came within the timeout.
     *
     * @throws AssertionError when the output has ended
     */
    String pollLine(Duration timeout) {
        String line;
        try {
            line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while reading from " + this, e);
        }
        if (line == END_OF_OUTPUT) {
            lines.add(END_OF_OUTPUT);
            throw new AssertionError("The output of " + this + " ended" + describeState());
        }
        return line;
    }

    /** Waits for the line a listener prints once it is initialised. */
    void awaitReady() {
        String line = nextLine();
        assertThat(line).as("first line of %s%s", this, describeState()).isEqualTo("ready");
    }

    /** Every output line up to the end of the output, then the exit code, which must be 0. */
    List<String> remainingLinesAfterSuccess() {
        List<String> rest = remainingLines();
        int exitCode = awaitExit();
        assertThat(exitCode).as("exit code of %s, output %s%s", this, rest, describeState()).isZero();
        return rest;
    }

    /** Every output line up to the end of the output (waiting at most {@link #LINE_TIMEOUT} for each). */
    List<String> remainingLines() {
        List<String> rest = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = lines.poll(LINE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while reading from " + this, e);
            }
            if (line == null) {
                throw new AssertionError("The output of " + this + " did not end within " + LINE_TIMEOUT
                        + "; read so far " + rest + describeState());
            }
            if (line == END_OF_OUTPUT) {
                lines.add(END_OF_OUTPUT);
                return rest;
            }
            rest.add(line);
        }
    }

    /** Waits for the process to end and returns its exit code; fails when it runs on past {@link #LINE_TIMEOUT}. */
    int awaitExit() {
        try {
            if (!process.waitFor(LINE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(this + " did not exit within " + LINE_TIMEOUT + describeState());
            }
            errorReader.join(LINE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + this, e);
        }
        return process.exitValue();
    }

    /** What the peer wrote to its standard error so far. */
    String errors() {
        return errors.toString();
    }

    private String describeState() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        String stderr = errors.toString().strip();
        return " (" + state + (stderr.isEmpty() ? "" : "; stderr: " + stderr) + ")";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLines(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException streamClosedByKill) {
            // the process was killed; what was read is in the queue
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    private void readErrors(InputStream error) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(error, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                errors.append(line).append('\n');
            }
        } catch (IOException streamClosedByKill) {
            // the process was killed
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        String arguments = String.join(" ", command.subList(2, command.size()));
        if (arguments.length() > 200) {
            arguments = arguments.substring(0, 200) + "...";
        }
        return "jk_peer " + arguments + " [pid " + process.pid() + "]";
    }
}
