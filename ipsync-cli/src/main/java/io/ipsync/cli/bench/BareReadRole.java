package io.ipsync.cli.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The limit of taking: a child that does what a consumer must do at the least, with plain JDK
 * calls and nothing else: list the directory and, for every message in the listing, read it
 * whole and delete it; list again until {@code count} messages were taken or a listing finds
 * none. No claim, no order, no parsing. Reports how long that took.
 */
final class BareReadRole {

    static final String NAME = "bare-read";

    private BareReadRole() {
    }

    static void run(Path directory, ChildOptions options) throws IOException, InterruptedException {
        long count = options.number("count", 1);
        ParentLink link = ParentLink.connect(System.in, () -> { });
        long taken = 0;
        long bytes = 0;
        long start = System.nanoTime();
        boolean foundAny = true;
        while (taken < count && foundAny) {
            foundAny = false;
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory,
                    entry -> entry.getFileName().toString().startsWith(BacklogWriter.MESSAGE_PREFIX))) {
                for (Path message : listing) {
                    try {
                        bytes += Files.readAllBytes(message).length;
                        Files.delete(message);
                        taken++;
                        foundAny = true;
                    } catch (NoSuchFileException goneMeanwhile) {
                        // nobody else takes here, but a bare loop must not trip over it either
                    }
                }
            }
        }
        long nanos = System.nanoTime() - start;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("messages", taken);
        result.put("bytes", bytes);
        result.put("nanos", nanos);
        link.report(result);
        link.awaitEnd(Duration.ofMinutes(1));
    }
}
