package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code ipsync.jar} built by {@code package}, run as {@code java -jar} in child
 * processes. Failsafe passes its path as the system property {@code ipsync.jar}.
 */
final class ShadedJar {

    private ShadedJar() {
    }

    static Path path() {
        Path jar = Path.of(System.getProperty("ipsync.jar", "target/ipsync.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by package, before integration tests)").isRegularFile();
        return jar;
    }

    /** A process builder for {@code java -jar ipsync.jar args...}, with this JVM's java. */
    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(path().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** What a finished child process printed, and its exit status. */
    record Finished(int exitCode, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }
    }

    /**
     * Runs {@code java -jar ipsync.jar args...} to its end (at most a minute), giving it
     * {@code standardInput}; its output goes through files in {@code workDirectory}, so no pipe can
     * fill up.
     */
    static Finished run(Path workDirectory, String standardInput, String... args) throws IOException, InterruptedException {
        Path in = Files.createTempFile(workDirectory, "stdin", ".txt");
        Path out = Files.createTempFile(workDirectory, "stdout", ".txt");
        Path err = Files.createTempFile(workDirectory, "stderr", ".txt");
        Files.writeString(in, standardInput, StandardCharsets.UTF_8);
        Process process = command(args)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return finish(process, out, err);
    }

    /** Waits (at most a minute) for a process started with output redirected to files, and reads them. */
    static Finished finish(Process process, Path out, Path err) throws IOException, InterruptedException {
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ipsync ended within a minute").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Finished(process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
