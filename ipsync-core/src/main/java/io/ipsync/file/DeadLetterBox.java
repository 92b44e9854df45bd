package io.ipsync.file;

import io.ipsync.internal.ProcessName;
import io.ipsync.spi.DeadLetterReason;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where messages that cannot be read or handled are set aside, each with a record of why.
 *
 * <p>A dead letter is the message's entry, moved unchanged (a file, or whatever was named like a
 * message), plus {@code reason-<name>.json} beside it: the queue, the message's name, the reason,
 * the exception, the number of attempts, the consumer, the time and the message's headers (an
 * object of strings, present only where the message had headers). The record's name does not start with
 * {@code q_}, so that where the dead-letter folder is itself a queue (one a repair job consumes),
 * consumers there, Java or Python, take the dead letters and never their records. The reason is
 * written first and the message moved second, so a crash in between leaves the message where it
 * was, to be dead-lettered again; nothing is lost. A name already taken by an earlier dead letter gets a {@code .2}, {@code .3}
 * ... suffix; nothing is overwritten.
 */
final class DeadLetterBox {

    private static final String REASON_PREFIX = "reason-";

    private static final String REASON_EXTENSION = ".json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final QueueDirectory queueDirectory;

    private final Path directory;

    private final String queue;

    private final FileSteps steps;

    DeadLetterBox(QueueDirectory queueDirectory, String queue, FileSteps steps) {
        this.queueDirectory = queueDirectory;
        this.directory = queueDirectory.deadLetters;
        this.queue = queue;
        this.steps = steps;
    }

    Path directory() {
        return directory;
    }

    /**
     * Moves {@code source} into the dead letters.
     *
     * @return where the message now is
     */
    Path put(Path source, String messageName, int attempts, String consumer, Map<String, String> headers,
            DeadLetterReason reason) throws IOException {
        queueDirectory.ensureDeadLetters();
        String name = freeName(messageName);
        Path reasonFile = directory.resolve(reasonFileName(name));
        Path reasonTemp = directory.resolve("." + reasonFileName(name) + ".tmp");
        // created afresh, never opened through whatever (a link, say) a crash or someone else left there
        Files.deleteIfExists(reasonTemp);
        try {
            steps.writeNew(reasonTemp, JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(describe(messageName, attempts, consumer, headers, reason)), queueDirectory.modes, DiskSync.OFF);
            steps.move(reasonTemp, reasonFile);
        } catch (IOException | RuntimeException e) {
            // A full disk fails the write after the file was created: leave no half-written reason behind.
            Files.deleteIfExists(reasonTemp);
            throw e;
        }
        Path target = directory.resolve(name);
        try {
            steps.move(source, target);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
            Files.delete(source);
        } catch (NoSuchFileException sourceGone) {
            Files.deleteIfExists(reasonFile); // the reason of a message that is not here would stand for nothing
            throw sourceGone;
        }
        return target;
    }

    /** How many dead letters there are. */
    long count() throws IOException {
        return DirectoryListing.count(directory, DeadLetterBox::isDeadLetter);
    }

    /** The name of the record of why the dead letter {@code deadLetterName} was set aside. */
    static String reasonFileName(String deadLetterName) {
        return REASON_PREFIX + deadLetterName + REASON_EXTENSION;
    }

    /** The dead letter's name that a record's name belongs to. */
    static String deadLetterName(String reasonFileName) {
        return reasonFileName.substring(REASON_PREFIX.length(), reasonFileName.length() - REASON_EXTENSION.length());
    }

    /** Whether {@code name} is a dead letter (not a record, nor a temporary file). */
    static boolean isDeadLetter(String name) {
        return !name.startsWith(".") && !isReasonFile(name);
    }

    /** Whether {@code name} is such a record (not a dead letter). */
    static boolean isReasonFile(String name) {
        return name.startsWith(REASON_PREFIX) && name.endsWith(REASON_EXTENSION);
    }

    private String freeName(String messageName) {
        String name = messageName;
        for (int suffix = 2; taken(name); suffix++) {
            name = messageName + "." + suffix;
        }
        return name;
    }

    private boolean taken(String name) {
        return Files.exists(directory.resolve(name), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(directory.resolve(reasonFileName(name)), LinkOption.NOFOLLOW_LINKS);
    }

    private ObjectNode describe(String messageName, int attempts, String consumer, Map<String, String> headers,
            DeadLetterReason reason) {
        ObjectNode record = JSON.createObjectNode();
        record.put("queue", queue);
        record.put("message", messageName);
        record.put("reason", reason.description());
        if (reason.cause() != null) {
            record.put("exception", reason.cause().toString());
            Throwable root = reason.cause();
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != reason.cause()) {
                record.put("rootCause", root.toString());
            }
        }
        record.put("attempts", attempts);
        record.put("consumer", consumer);
        record.put("process", ProcessName.current());
        record.put("time", Instant.now().toString());
        if (!headers.isEmpty()) {
            ObjectNode headerNode = record.putObject("headers");
            headers.forEach(headerNode::put);
        }
        return record;
    }
}
