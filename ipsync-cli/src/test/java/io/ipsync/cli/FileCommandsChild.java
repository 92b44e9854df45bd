package io.ipsync.cli;

import io.ipsync.testing.ParentPipe;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs every command on paths and {@code file:} URIs in a fresh JVM, then reports whether the
 * service loader looked for transports meanwhile: {@code transports looked up <n>}, n being how
 * many {@link RelayTransport}s it made (it makes one whenever it looks). Before that, one line
 * {@code <status> <command>} per command.
 *
 * <p>Usage: {@code FileCommandsChild DIRECTORY}.
 */
public final class FileCommandsChild {

    private FileCommandsChild() {
    }

    public static void main(String[] args) {
        ParentPipe parent = ParentPipe.connect();
        Path root = Path.of(args[0]);
        String queue = root.resolve("queue").toString();
        String other = root.resolve("other").toUri().toString();
        String event = root.resolve("event").toUri().toString();
        String value = root.resolve("value.json").toString();
        List<List<String>> commands = List.of(
                List.of("put", queue, "1", "2"),
                List.of("stat", queue),
                List.of("take", queue, "-n", "1", "--timeout", "5s"),
                List.of("move", queue, other),
                List.of("signal", event),
                List.of("wait", event, "--fire-on-init", "-n", "1", "--timeout", "5s"),
                List.of("publish", value, "3"),
                List.of("watch", value, "--fire-on-init", "-n", "1", "--timeout", "5s"));
        for (List<String> command : commands) {
            int status = IpsyncCommand.commandLine(InputStream.nullInputStream())
                    .setOut(new PrintWriter(new StringWriter(), true))
                    .setErr(new PrintWriter(new StringWriter(), true))
                    .execute(command.toArray(String[]::new));
            parent.report(status + " " + command.get(0));
        }
        parent.report("transports looked up " + RelayTransport.CREATED.get());
        System.exit(0);
    }
}
