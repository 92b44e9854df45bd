package io.ipsync.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One process of the sample shop as its users run it, in a child JVM: the repackaged jar that
 * {@code package} built ({@code java -jar ipsync-sample-app.jar --spring.profiles.active=<profiles>}),
 * or the classes that AOT processing generated for the process's role, run in AOT mode
 * ({@link Launch#AOT}). A background thread reads the child's standard output and error, line by line, into
 * a log that tests wait on, and echoes each line to the test's own output with the profile as
 * prefix (failsafe keeps it in {@code target/failsafe-reports}).
 *
 * <p>{@link #close()} kills the child if it still runs, so a failed test leaves no JVM behind.
 * Thread-safe: the log is read while the reader thread appends to it.
 */
final class ShopProcess implements AutoCloseable {

    /** Failsafe passes the jar's path; the default serves a run from the module directory. */
    private static final String JAR_PROPERTY = "shop.jar";

    /**
     * Failsafe passes where the pom put each role's AOT-processed classes ({@code <role>/classes})
     * and the runtime class path ({@code runtime.classpath}).
     */
    private static final String AOT_DIRECTORY_PROPERTY = "shop.aot.directory";

    /** How a process is started. */
    enum Launch {

        /** {@code java -jar}: the JVM application, every bean decided at startup. */
        JAR,

        /**
         * {@code java -Dspring.aot.enabled=true -cp <the role's AOT-processed classes>:<runtime class path>}:
         * the bean definitions that AOT processing generated for the role's profile, as a native
         * image would have them; other profiles given at run time bring only their properties.
         */
        AOT
    }

    /** How many lines of the log a failure message quotes. */
    private static final int TAIL_LINES = 60;

    private final String profile;

    private final Process process;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private final Thread reader;

    private ShopProcess(String profile, Process process) {
        this.profile = profile;
        this.process = process;
        this.reader = new Thread(this::readOutput, "shop-" + profile + "-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts the shop in one role on a shop directory, in {@code workingDirectory}.
     *
     * @param role {@code web} or {@code worker}: the profile its AOT-processed classes were built with
     * @param profiles the profiles it runs with: its role's, and perhaps more ({@code worker,redis})
     * @param arguments further Spring Boot command-line arguments ({@code --name=value})
     */
    static ShopProcess start(Launch launch, String role, String profiles, Path baseDir, Path workingDirectory,
            String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Startup speed only: the shared test machine has few cores, and C2 would spend them
                // compiling code that runs for seconds. Neither option changes what the app does.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(switch (launch) {
            case JAR -> jar();
            case AOT -> aheadOfTime(role);
        });
        command.addAll(List.of(
                "--spring.profiles.active=" + profiles,
                "--ipsync.base-dir=" + baseDir));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        // The command line names the shop directory; an inherited SHOP_DIR must not matter.
        builder.environment().remove("SHOP_DIR");
        return new ShopProcess(profiles, builder.start());
    }

    private static List<String> jar() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/ipsync-sample-app.jar")).toAbsolutePath();
        assertThat(jar).as("the repackaged sample app (built by package, before integration tests)").isRegularFile();
        return List.of("-jar", jar.toString());
    }

    private static List<String> aheadOfTime(String role) throws IOException {
        Path directory = Path.of(System.getProperty(AOT_DIRECTORY_PROPERTY, "target/aot")).toAbsolutePath();
        Path classes = directory.resolve(role).resolve("classes");
        Path runtimeClassPath = directory.resolve("runtime.classpath");
        assertThat(classes.resolve("io/ipsync/sample/ShopApplication__ApplicationContextInitializer.class"))
                .as("the %s role's AOT-processed classes (built by prepare-package, before integration tests)", role)
                .isRegularFile();
        return List.of("-Dspring.aot.enabled=true",
                "-cp", classes + File.pathSeparator + Files.readString(runtimeClassPath).trim(),
                ShopApplication.class.getName());
    }

    /** The profile this process runs with. */
    String profile() {
        return profile;
    }

    /** Every line the process printed so far. */
    List<String> lines() {
        return List.copyOf(log);
    }

    /** The lines printed so far that match {@code pattern} anywhere. */
    List<MatchResult> matches(Pattern pattern) {
        List<MatchResult> found = new ArrayList<>();
        for (String line : log) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                found.add(matcher.toMatchResult());
            }
        }
        return found;
    }

    /**
     * Waits until the process has printed a line matching {@code pattern}, and returns the first
     * such match. Fails at once if the process ends first, and after {@code timeout} otherwise,
     * quoting the end of the log either way.
     */
    MatchResult awaitLine(Pattern pattern, Duration timeout) {
        try {
            return await().alias(profile + " prints a line matching /" + pattern + "/")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast(profile + " process ended", () -> !process.isAlive())
                    .until(() -> matches(pattern).stream().findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + describeTail(), e);
        }
    }

    /** Asks the process to stop, as {@code kill} does (SIGTERM): Spring Boot shuts down gracefully. */
    void terminate() {
        // Through the handle: Process.destroy() sends the same signal but also closes the pipe, and
        // what the process prints while it shuts down would be lost.
        process.toHandle().destroy();
    }

    /**
     * Waits for the process to end and for its last output to be read.
     *
     * @return its exit status
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("%s process ended within %s%n%s", profile, timeout, describeTail())
                .isTrue();
        // The pipe closes when the process ends: the reader reaches its end of input promptly.
        reader.join(timeout.toMillis());
        assertThat(reader.isAlive()).as("%s output read to its end", profile).isFalse();
        return process.exitValue();
    }

    /** The end of the log, for failure messages. */
    String describeTail() {
        List<String> lines = lines();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "--- last " + tail.size() + " lines of the " + profile + " process ---\n" + String.join("\n", tail);
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void readOutput() {
        try (BufferedReader output = process.inputReader()) {
            String line;
            while ((line = output.readLine()) != null) {
                log.add(line);
                System.out.println("[" + profile + "] " + line);
            }
        } catch (IOException e) {
            // Only after close() killed the process: the log keeps what was read until then.
            log.add("[output no longer readable: " + e + "]");
        }
    }
}
