package io.ipsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code target/ipsync} as README tells users to run it: a real put and take in
 * child processes, with the class-data-sharing archive the build made for this JVM, and the
 * fall-back to plain {@code java -jar} when there is no archive for the JVM, or one that does
 * not fit it. The launcher runs this JVM's java ({@code JAVA_HOME}), the one that ran the build.
 */
class LauncherIT {

    private static final String MESSAGE = "{\"order\":\"A-17\",\"price\":1.10}";

    @TempDir
    Path temp;

    @Test
    void putAndTakeThroughTheLauncherUseTheArchiveTheBuildMadeForThisJvm() throws Exception {
        Path archive = archiveOf(launcher().getParent(), javaHome()).orElseThrow(() -> new AssertionError(
                "no archive for " + System.getProperty("java.runtime.version") + " beside " + launcher()));
        Path queue = temp.resolve("queue");

        Finished put = run(launcher(), javaHome(), Map.of("IPSYNC_JAVA_OPTS", "-Xlog:class+load"), "put", queue.toString(),
                "{ \"order\" : \"A-17\", \"price\" : 1.10 }");
        Finished take = run(launcher(), javaHome(), Map.of(), "take", queue.toString(), "-n", "1", "--timeout", "60s");

        assertThat(put.exitCode()).isZero();
        assertThat(put.err()).isEmpty();
        assertThat(put.out()).as("put's classes come from %s", archive)
                .containsPattern("io\\.ipsync\\.cli\\.PutCommand source: shared objects file");
        assertThat(take.exitCode()).isZero();
        assertThat(take.out()).isEqualTo(MESSAGE + "\n");
        assertThat(take.err()).isEmpty();
    }

    @Test
    void withoutAnArchiveForThisJvmTheLauncherRunsThePlainJar() throws Exception {
        Path launcher = copyWithoutArchives(temp.resolve("cli"));

        assertPutAndTakeWork(launcher, javaHome());
    }

    @Test
    void anArchiveThatIsNotOneIsSkipped() throws Exception {
        Path launcher = copyWithoutArchives(temp.resolve("cli"));
        String version = runtimeVersion(javaHome());
        for (String suffix : List.of(".jsa", ".aot")) {
            Files.write(launcher.resolveSibling("ipsync-" + version + suffix), "not an archive".repeat(200).getBytes(StandardCharsets.UTF_8));
        }

        assertPutAndTakeWork(launcher, javaHome());
    }

    /**
     * Another JDK on this machine (Java 25 beside 17, say) finds this JVM's archive under its own
     * name, as if the archives had been mixed up: it must refuse the archive, quietly, and run.
     */
    @Test
    void anArchiveMadeByAnotherJvmIsSkipped() throws Exception {
        Optional<Path> otherJdk = anotherJdk();
        assumeThat(otherJdk).as("another JDK under /usr/lib/jvm").isPresent();
        Path launcher = copyWithoutArchives(temp.resolve("cli"));
        Path ours = archiveOf(launcher().getParent(), javaHome()).orElseThrow();
        String theirVersion = runtimeVersion(otherJdk.get());
        for (String suffix : List.of(".jsa", ".aot")) {
            Files.copy(ours, launcher.resolveSibling("ipsync-" + theirVersion + suffix));
        }

        assertPutAndTakeWork(launcher, otherJdk.get());
    }

    @Test
    void theLauncherFindsItsJarThroughASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(Files.createDirectory(temp.resolve("bin")).resolve("ipsync"), launcher());

        assertPutAndTakeWork(link, javaHome());
    }

    private void assertPutAndTakeWork(Path launcher, Path javaHome) throws Exception {
        Path queue = temp.resolve("queue-" + System.nanoTime());

        Finished put = run(launcher, javaHome, Map.of(), "put", queue.toString(), MESSAGE);
        Finished take = run(launcher, javaHome, Map.of(), "take", queue.toString(), "-n", "1", "--timeout", "60s");

        assertThat(put.exitCode()).as("put: %s", put.err()).isZero();
        assertThat(put.out()).isEmpty();
        assertThat(put.err()).isEmpty();
        assertThat(take.exitCode()).as("take: %s", take.err()).isZero();
        assertThat(take.out()).as("nothing but the message on standard output").isEqualTo(MESSAGE + "\n");
        assertThat(take.err()).isEmpty();
    }

    /** The launcher and the jar, copied to a folder of their own. */
    private static Path copyWithoutArchives(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path launcher = folder.resolve("ipsync");
        Files.copy(launcher(), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(ShadedJar.path(), folder.resolve("ipsync.jar"));
        return launcher;
    }

    private static Path launcher() {
        Path launcher = Path.of(System.getProperty("ipsync.launcher", "target/ipsync")).toAbsolutePath();
        assertThat(launcher).as("the launcher (made by package)").isRegularFile().isExecutable();
        return launcher;
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** The archive the launcher picks for the JDK, if it is there. */
    private static Optional<Path> archiveOf(Path folder, Path javaHome) throws IOException {
        String version = runtimeVersion(javaHome);
        return Stream.of(".aot", ".jsa").map(suffix -> folder.resolve("ipsync-" + version + suffix))
                .filter(Files::isRegularFile).findFirst();
    }

    private static String runtimeVersion(Path javaHome) throws IOException {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                    .map(line -> line.substring("JAVA_RUNTIME_VERSION=".length()).replace("\"", ""))
                    .findFirst().orElseThrow(() -> new AssertionError("no JAVA_RUNTIME_VERSION in " + javaHome));
        }
    }

    /** A JDK of another version than this JVM's, if one is installed where Debian puts them. */
    private static Optional<Path> anotherJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        String ours = runtimeVersion(javaHome());
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))
                    && Files.isRegularFile(home.resolve("release"))).sorted().toList()) {
                if (!runtimeVersion(home).equals(ours)) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }

    private record Finished(int exitCode, String out, String err) {
    }

    private Finished run(Path launcher, Path javaHome, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("IPSYNC_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ipsync ended within a minute").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Finished(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
