package io.ipsync.file.journal;

import io.ipsync.testing.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Java installations a journal test starts children on: Java 17, and Java 25 with or without
 * native access. A child on Java 22+ must see the multi-release classes: from the jar when the
 * test's class path holds it (the Java 25 run), else from {@code target/classes/META-INF/versions/22}
 * put before the classes (a directory on the class path is not multi-release).
 */
enum JournalJvm {

    JAVA_17(false), JAVA_25(false), JAVA_25_NATIVE(true);

    static final Path JAVA_25_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private final boolean nativeAccess;

    JournalJvm(boolean nativeAccess) {
        this.nativeAccess = nativeAccess;
    }

    /** The {@code java} command of this installation here, if there is one. */
    Optional<Path> java() {
        Path home;
        if (this == JAVA_17) {
            home = Runtime.version().feature() == 17 ? Path.of(System.getProperty("java.home"))
                    : Path.of(System.getProperty("ipsync.test.java17.home", "/usr/lib/jvm/java-17-openjdk-amd64"));
        } else {
            home = JAVA_25_HOME;
        }
        Path java = home.resolve("bin").resolve("java");
        return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }

    /** Whether a child of this kind can run here with the classes it should have. */
    boolean available() {
        return java().isPresent() && (this == JAVA_17 || versionedClasses().isPresent() || classPathHasJar());
    }

    /** Starts {@code main} with {@code args} in a child of this kind. */
    ChildJvm start(String name, Duration hardTimeout, Class<?> main, String... args) {
        List<String> words = new ArrayList<>();
        words.add(java().orElseThrow().toString());
        if (nativeAccess) {
            words.add("--enable-native-access=ALL-UNNAMED");
        }
        // ChildJvm runs this JVM's java after the launcher: the shell drops it and runs ours instead
        String script = "shift; exec " + String.join(" ", words.stream().map(word -> "'" + word + "'").toList())
                + " \"$@\"";
        List<String> launcher = List.of("sh", "-c", script, "sh");
        String classPath = System.getProperty("java.class.path");
        if (this != JAVA_17 && !classPathHasJar()) {
            classPath = versionedClasses().orElseThrow() + File.pathSeparator + classPath;
        }
        // None of this JVM's options: whether the child has native access is this kind's own choice.
        return ChildJvm.start(name, launcher, List.of(), classPath, hardTimeout, main, args);
    }

    private static boolean classPathHasJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().matches("ipsync-core-[^-]+(-SNAPSHOT)?\\.jar")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Path> versionedClasses() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path versions = Path.of(entry).resolve("META-INF/versions/22");
            if (entry.endsWith("classes") && Files.isDirectory(versions)) {
                return Optional.of(versions);
            }
        }
        return Optional.empty();
    }
}
