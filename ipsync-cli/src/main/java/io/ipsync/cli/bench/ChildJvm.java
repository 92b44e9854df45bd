package io.ipsync.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link BenchChild} running in its own JVM, seen from the bench: the lines it tells (read on
 * a background thread), its standard input (for {@code go} and for the end), and its CPU time.
 * Its standard error goes to the bench's. {@link #close()} ends its input and waits for it to
 * exit, killing it after a bound.
 *
 * <p>The child runs with this JVM's {@code java} and default JVM settings, from the jar that
 * holds the bench (or, where the bench runs from a class folder, as in tests, this JVM's class
 * path). A child of another kind that speaks the same protocol is {@link #adopt adopted}.
 */
final class ChildJvm implements AutoCloseable {

    /** Put in the line queue when the child's standard output ends; compared by identity. */
    private static final String END_OF_OUTPUT = new String("end of output");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration LONGEST_EXIT = Duration.ofSeconds(30);

    private final String name;

    private final Process process;

    private final Writer input;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "bench-child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java -cp <jar> io.ipsync.cli.bench.BenchChild ROLE PATH name=value...}.
     *
     * @param name what progress and errors call the child: "consumer", "bare writer"
     */
    static ChildJvm start(String name, String role, Path path, Map<String, ?> options) throws IOException {
        return start(name, role, path.toString(), options);
    }

    /**
     * As {@link #start(String, String, Path, Map)}, on a queue ({@link BenchQueue#argument()}):
     * a folder, or a channel's {@code redis://} address.
     */
    static ChildJvm start(String name, String role, String path, Map<String, ?> options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(notificationOptions());
        command.add("-cp");
        command.add(classPath());
        command.add(BenchChild.class.getName());
        command.add(role);
        command.add(path);
        options.forEach((option, value) -> command.add(option + "=" + value));
        Process process = new ProcessBuilder(command).redirectError(Redirect.INHERIT).start();
        return new ChildJvm(name, process);
    }

    /**
     * A child that is not a JVM but speaks the same line protocol (the Python peer's bench roles,
     * see {@link PythonPeerScript}): seen from the bench exactly as a {@link BenchChild}.
     *
     * @param name what progress and errors call the child
     * @param process the child, started with its standard output and input as pipes
     */
    static ChildJvm adopt(String name, Process process) {
        return new ChildJvm(name, process);
    }

    /**
     * The options that make a child wait for file-system notifications as this JVM does (children
     * run the jar with {@code -cp}, so its manifest's {@code Enable-Native-Access} does not reach
     * them): {@code --enable-native-access=ALL-UNNAMED} where this JVM has native access (Java 22+,
     * {@code java -jar ipsync.jar}), and {@code -Dipsync.file.notifications} where it is set.
     */
    static List<String> notificationOptions() {
        List<String> options = new ArrayList<>();
        if (Runtime.version().feature() >= 22) {
            try {
                Object enabled = Module.class.getMethod("isNativeAccessEnabled").invoke(ChildJvm.class.getModule());
                if (Boolean.TRUE.equals(enabled)) {
                    options.add("--enable-native-access=ALL-UNNAMED");
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not to be found: the children go without, as the JVM's own default
            }
        }
        String notifications = System.getProperty("ipsync.file.notifications");
        if (notifications != null) {
            options.add("-Dipsync.file.notifications=" + notifications);
        }
        return options;
    }

    /**
     * Where the children's file-system notifications come from, as ipsync-core chooses with
     * {@link #notificationOptions()}: "inotify via FFM" or "JDK watch service".
     */
    static String notificationSource() {
        List<String> options = notificationOptions();
        boolean nativeAccess = options.contains("--enable-native-access=ALL-UNNAMED");
        return (nativeAccess && !options.contains("-Dipsync.file.notifications=jdk"))
                || options.contains("-Dipsync.file.notifications=native") && Runtime.version().feature() >= 22
                ? "inotify via FFM" : "JDK watch service";
    }

    /** The jar the bench runs from; where it runs from class folders instead, this JVM's class path. */
    static String classPath() {
        try {
            Path location = Path.of(BenchChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location.toString();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source to be found: fall back to the class path
        }
        return System.getProperty("java.class.path");
    }

    /** A bound for waiting on a child that handles {@code messages} messages: generous, for a loaded machine. */
    static Duration generousFor(long messages) {
        return Duration.ofMinutes(2).plusMillis(messages);
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child is gone; what follows says so
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    /**
     * Waits for the child to tell the line that begins with {@code keyword}, skipping others.
     *
     * @return what follows the keyword on the line
     * @throws BenchFailure when the child ends first or the timeout passes
     */
    String await(String keyword, Duration timeout) throws InterruptedException {
        return poll(keyword, timeout).orElseThrow(() -> new BenchFailure(
                "The " + name + " did not say '" + keyword + "' within " + timeout.toSeconds() + " s"));
    }

    /**
     * As {@link #await}, but empty when the timeout passes first.
     *
     * @throws BenchFailure when the child ends first
     */
    Optional<String> poll(String keyword, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                return Optional.empty();
            }
            if (line == END_OF_OUTPUT) {
                lines.add(END_OF_OUTPUT); // later waits fail the same way
                throw new BenchFailure("The " + name + " ended (" + exitStatus() + ") before it said '" + keyword
                        + "'; its error, if any, is above");
            }
            if (line.equals(keyword) || line.startsWith(keyword + " ")) {
                return Optional.of(line.substring(keyword.length()).trim());
            }
        }
    }

    /** Waits for the child's {@code result} line and reads its JSON. */
    JsonNode awaitResult(Duration timeout) throws InterruptedException {
        return JSON.readTree(await("result", timeout));
    }

    /** Sends one line to the child's standard input. */
    void tell(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the " + name + " (" + exitStatus() + ")", e);
        }
    }

    /**
     * Ends the child's input, which tells it to stop and report, without waiting for it to
     * exit (as {@link #close()} does): its {@code result} line can be awaited after this.
     */
    void endInput() {
        try {
            input.close();
        } catch (IOException e) {
            // it has gone already
        }
    }

    /** The CPU time the child used so far, all its threads (JIT compiler and collector included). */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(() -> new BenchFailure(
                "Cannot read the CPU time of the " + name + " (pid " + process.pid() + "): this system does not tell it"));
    }

    /**
     * Ends the child's input, waits for it to exit, and kills it if it does not within a bound
     * (or at once, if this thread is interrupted: the interrupt is kept).
     */
    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException e) {
            // it has gone already
        }
        try {
            if (!process.waitFor(LONGEST_EXIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String exitStatus() {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return "exit status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running";
    }
}
