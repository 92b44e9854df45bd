package io.ipsync.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The work the build makes the launcher's class-data-sharing archive from ({@code target/ipsync},
 * see {@code src/main/launcher/ipsync}): the commands that scripts run most, each once, in this
 * JVM, on queues, events and data events in a fresh temporary folder that is removed at the end.
 * The JVM that runs it with {@code -XX:ArchiveClassesAtExit} (or {@code -XX:AOTCacheOutput} on
 * Java 25) archives every class they loaded, so that a later {@code ipsync put} maps them instead
 * of loading them from the jar. Not a command for users; it exits 1 if a command failed, which
 * fails the build.
 */
public final class ArchiveTraining {

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Files.createTempDirectory("ipsync-archive-training-");
        try {
            train(folder);
        } catch (IllegalStateException e) {
            System.err.println("ipsync archive training: " + e.getMessage());
            System.exit(1);
        } finally {
            removeAll(folder);
        }
        System.exit(0); // a command's threads must not keep the JVM, and the archive, waiting
    }

    private static void train(Path folder) {
        String queue = folder.resolve("queue").toString();
        String moved = folder.resolve("moved").toString();
        String event = folder.resolve("event").toString();
        String value = folder.resolve("value.json").toString();
        Set<Integer> done = Set.of(ExitCodes.DONE);
        Set<Integer> doneOrNone = Set.of(ExitCodes.DONE, 1);
        run(done, "", "put", queue, "{\"id\":1,\"price\":1.10}", "null");
        run(done, "{\"id\":2}\n\n[3]\n", "put", queue);
        run(done, "", "stat", queue);
        run(done, "", "stat", "--json", queue);
        run(done, "", "take", queue, "-n", "2", "--timeout", "10s");
        run(done, "", "move", queue, moved);
        run(done, "", "take", moved, "-n", "2", "--timeout", "10s");
        run(doneOrNone, "", "dead", "list", queue);
        run(done, "", "signal", event);
        run(doneOrNone, "", "wait", event, "-n", "1", "--fire-on-init", "--timeout", "1s");
        run(done, "", "publish", value, "{\"eur\":1.10}");
        run(doneOrNone, "", "watch", value, "-n", "1", "--fire-on-init", "--timeout", "1s");
        run(2, "", "put", queue, "not json");
        run(done, "", "--help");
        run(done, "", "--version");
    }

    private static void run(int status, String standardInput, String... args) {
        run(Set.of(status), standardInput, args);
    }

    private static void run(Set<Integer> statuses, String standardInput, String... args) {
        InputStream in = new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = IpsyncCommand.commandLine(in, args)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        if (!statuses.contains(status)) {
            throw new IllegalStateException("ipsync " + String.join(" ", args) + " exited " + status + ", expected one of "
                    + statuses + ": " + err.toString().strip());
        }
    }

    private static void removeAll(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
