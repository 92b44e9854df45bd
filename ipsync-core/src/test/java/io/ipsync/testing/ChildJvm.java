package io.ipsync.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real child JVM started by a test, running a {@code main} class from this JVM's class path,
 * that talks to the test in lines: it reports on its standard output and takes commands on its
 * standard input (the child side is {@link ParentPipe}).
 *
 * <pre>{@code
 * try (ChildJvm consumer = ChildJvm.start("consumer", QueueConsumerMain.class, queueDir.toString())) {
 *     consumer.awaitLine(line -> line.startsWith("handling "), Duration.ofSeconds(60));
 *     consumer.kill();
 * }
 * }</pre>
 *
 * <h2>A child never outlives its test</h2>
 * {@link #close()} kills the child (SIGKILL) if it still runs, so try-with-resources ends it
 * however the test ends. Should the test JVM itself die, the child sees its standard input end
 * and halts; and every child halts on its own after a hard timeout (two minutes unless given).
 *
 * <h2>Waits</h2>
 * Every wait is bounded and fails with an {@link AssertionError} that shows what the child
 * printed on both streams. A wait for a line ends early, and fails, when the child exits without
 * printing it.
 *
 * <p>Relies on the test JVM's class path holding real entries (surefire's
 * {@code useManifestOnlyJar=false}). Thread-safe.
 */
public final class ChildJvm implements AutoCloseable {

    /** The system property through which a child learns its hard timeout, in milliseconds. */
    static final String HARD_TIMEOUT_PROPERTY = "ipsync.test.child.hardTimeoutMillis";

    /** How long a child lives at most unless told otherwise. */
    public static final Duration DEFAULT_HARD_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    /** Flags that shorten a child's start; the children do little computing. */
    private static final List<String> FAST_START = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

    private final String name;

    private final Process process;

    private final Writer stdin;

    /** Every line the child printed on standard output, in order; guarded by itself. */
    private final List<String> lines = new ArrayList<>();

    /** Where {@link #awaitLine} goes on looking; guarded by {@link #lines}. */
    private int cursor;

    /** Guarded by {@link #lines}. */
    private boolean stdoutEnded;

    private final StringBuffer stderr = new StringBuffer();

    private final Thread stdoutReader;

    private final Thread stderrReader;

    /** Set once the test kills the child; its streams are closed then, and reading them ends. */
    private volatile boolean killed;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdoutReader = readLines(process.getInputStream(), "stdout", this::addLine, this::endLines);
        this.stderrReader = readLines(process.getErrorStream(), "stderr", this::addErrorLine, () -> {
        });
    }

    /**
     * Starts {@code mainClass} in a new JVM with this JVM's class path, Java and working directory,
     * and the default hard timeout.
     *
     * @param name how the child is called in failure messages and its forwarded error output
     */
    public static ChildJvm start(String name, Class<?> mainClass, String... args) {
        return start(name, DEFAULT_HARD_TIMEOUT, mainClass, args);
    }

    /** As {@link #start(String, Class, String...)}, with the time after which the child halts on its own. */
    public static ChildJvm start(String name, Duration hardTimeout, Class<?> mainClass, String... args) {
        return start(name, List.of(), System.getProperty("java.class.path"), hardTimeout, mainClass, args);
    }

    /**
     * As {@link #start(String, Duration, Class, String...)}, with the JVM started through a
     * launcher such as {@code setpriv --bounding-set=-dac_override ...} (the launcher's words
     * come first on the command line).
     */
    public static ChildJvm startThrough(List<String> launcher, String name, Duration hardTimeout, Class<?> mainClass,
            String... args) {
        return start(name, launcher, System.getProperty("java.class.path"), hardTimeout, mainClass, args);
    }

    /**
     * As {@link #start(String, Duration, Class, String...)}, with the {@code java} command run
     * through {@code launcher} (e.g. {@code setpriv --reuid=... --regid=...} to run as another
     * user) and on {@code classPath}.
     */
    public static ChildJvm start(String name, List<String> launcher, String classPath, Duration hardTimeout,
            Class<?> mainClass, String... args) {
        return start(name, launcher, inheritedOptions(), classPath, hardTimeout, mainClass, args);
    }

    /**
     * As {@link #start(String, Class, String...)}, with {@code jvmOptions} in place of those a
     * child takes over from this JVM ({@link #inheritedOptions()}).
     */
    public static ChildJvm startWithOptions(String name, List<String> jvmOptions, Class<?> mainClass, String... args) {
        return start(name, List.of(), jvmOptions, System.getProperty("java.class.path"), DEFAULT_HARD_TIMEOUT, mainClass,
                args);
    }

    /**
     * The options of this JVM that a child repeats, so that it waits for notifications as this
     * one does: {@code --enable-native-access} and {@code -Dipsync.file.notifications} (the test
     * run on Java 25 gives them).
     */
    public static List<String> inheritedOptions() {
        List<String> options = new ArrayList<>();
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--enable-native-access") || argument.startsWith("-Dipsync.file.notifications=")) {
                options.add(argument);
            }
        }
        return options;
    }

    /**
     * As {@link #start(String, List, String, Duration, Class, String...)}, with exactly
     * {@code jvmOptions} and none taken over from this JVM: for a child whose own options are the
     * point (with or without native access, whatever this JVM has).
     */
    public static ChildJvm start(String name, List<String> launcher, List<String> jvmOptions, String classPath,
            Duration hardTimeout, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FAST_START);
        command.addAll(jvmOptions);
        command.add("-D" + HARD_TIMEOUT_PROPERTY + "=" + hardTimeout.toMillis());
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            return new ChildJvm(name, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the child JVM " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the next line, after the one the previous wait returned, that matches, and
     * returns it. Lines skipped on the way stay in {@link #lines()}.
     *
     * @throws AssertionError when the timeout passes or the child ends first
     */
    public String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                while (cursor < lines.size()) {
                    String line = lines.get(cursor++);
                    if (matching.test(line)) {
                        return line;
                    }
                }
                if (stdoutEnded) {
                    throw failure("ended without printing the line awaited");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw failure("did not print the line awaited within " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(lines, remaining);
            }
        }
    }

    /** Waits for the next line that equals {@code expected}; see {@link #awaitLine(Predicate, Duration)}. */
    public String awaitLine(String expected, Duration timeout) throws InterruptedException {
        return awaitLine(expected::equals, timeout);
    }

    /** Waits for the next line that starts with {@code prefix}; see {@link #awaitLine(Predicate, Duration)}. */
    public String awaitLineStartingWith(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(line -> line.startsWith(prefix), timeout);
    }

    /** The lines printed on standard output so far (all of them once {@link #awaitExit} returned). */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines printed so far that start with {@code prefix}. */
    public List<String> linesStartingWith(String prefix) {
        return lines().stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /** What the child printed on standard error so far. */
    public String stderr() {
        return stderr.toString();
    }

    /** Sends one line to the child's standard input. */
    public void send(String line) {
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw failure("could not be sent \"" + line + "\": " + e);
        }
    }

    /**
     * Waits until the child exited and everything it printed was read.
     *
     * @return its exit code
     * @throws AssertionError when it still runs after the timeout
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw failure("did not exit within " + timeout);
        }
        stdoutReader.join(KILL_WAIT.toMillis());
        stderrReader.join(KILL_WAIT.toMillis());
        return process.exitValue();
    }

    /** Waits at most {@code timeout} for the child to exit; returns whether it did. */
    public boolean exitsWithin(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the child exited normally, with exit code 0.
     *
     * @throws AssertionError when it still runs after the timeout or exited with another code
     */
    public void awaitSuccess(Duration timeout) throws InterruptedException {
        int exitCode = awaitExit(timeout);
        if (exitCode != 0) {
            throw failure("exited with code " + exitCode);
        }
    }

    /**
     * The child's threads as {@code jcmd <pid> Thread.print} shows them (the JDK's own tool, run
     * beside this JVM's {@code java}), for a failure message about a child that does not get on:
     * where each of its threads stands. Never fails: when the dump cannot be taken (the child is
     * gone, no {@code jcmd}, it does not answer within {@code timeout}) it says why instead.
     */
    public String threadDump(Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return "(no thread dump of " + name + ": it is not running)";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump;
        try {
            dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return "(no thread dump of " + name + ": cannot run " + jcmd + ": " + e + ")";
        }
        StringBuilder text = new StringBuilder();
        Thread reader = readLines(dump.getInputStream(), "jcmd", line -> {
            synchronized (text) {
                text.append(line).append('\n');
            }
        }, () -> {
        });
        if (!dump.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            dump.destroyForcibly();
            dump.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        }
        reader.join(KILL_WAIT.toMillis());
        synchronized (text) {
            return text.length() == 0 ? "(no thread dump of " + name + ": jcmd printed nothing within " + timeout + ")"
                    : "Threads of " + name + " (pid " + process.pid() + "), by jcmd:\n" + text;
        }
    }

    /** Kills the child with SIGKILL (on Linux), as {@code kill -9} does, and waits until it is gone. */
    public void kill() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        awaitExit(KILL_WAIT);
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        killed = true;
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[" + name + ", pid " + process.pid() + (process.isAlive() ? ", running]" : ", exited]");
    }

    private void addLine(String line) {
        synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
        }
    }

    private void endLines() {
        synchronized (lines) {
            stdoutEnded = true;
            lines.notifyAll();
        }
    }

    private void addErrorLine(String line) {
        stderr.append(line).append('\n');
        System.err.println("[" + name + " " + process.pid() + "] " + line);
    }

    private AssertionError failure(String what) {
        List<String> printed = lines();
        List<String> tail = printed.subList(Math.max(0, printed.size() - 20), printed.size());
        return new AssertionError("Child JVM " + name + " (pid " + process.pid() + ") " + what
                + (process.isAlive() ? "" : "; exit code " + process.exitValue())
                + "\n  last of " + printed.size() + " stdout lines: " + tail
                + "\n  stderr:\n" + stderr);
    }

    private Thread readLines(InputStream stream, String streamName, Consumer<String> sink,
            Runnable atEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                if (!killed) {
                    addErrorLine("(the test stopped reading " + streamName + ": " + e + ")");
                }
            } finally {
                atEnd.run();
            }
        }, "child-" + name + "-" + streamName);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
