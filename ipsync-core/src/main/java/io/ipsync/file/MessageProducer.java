package io.ipsync.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer side of a {@link FileQueueChannel}: writes a message (and its headers) to
 * {@code .ipsync/incoming/tmp_q_<T>_<producer>.tmp}, then renames it to {@code q_<T>_<producer>}
 * in the queue directory (or, put for later, to {@code .ipsync/retry/<due>-0-q_<T>_<producer>}). The rename is the commit point: before it, no consumer sees anything; a
 * put that fails leaves nothing behind. Thread-safe.
 */
final class MessageProducer {

    private static final Logger log = LoggerFactory.getLogger(MessageProducer.class);

    private final QueueDirectory directory;

    private final MessageNamer namer;

    private final FileHeaders headers;

    private final FileSteps steps;

    private final DiskSync diskSync;

    /** Whether this producer made sure the folder of temporary files exists. */
    private volatile boolean incomingCreated;

    /** Whether this producer made sure the retry folder exists, for messages put for later. */
    private volatile boolean retriesCreated;

    MessageProducer(QueueDirectory directory, MessageNamer namer, FileHeaders headers, FileSteps steps, DiskSync diskSync) {
        this.directory = directory;
        this.namer = namer;
        this.headers = headers;
        this.steps = steps;
        this.diskSync = diskSync;
    }

    /** Puts one message; returns its name. */
    String put(byte[] json, Map<String, String> messageHeaders) throws IOException {
        String name = namer.next(!messageHeaders.isEmpty());
        commit(name, json, messageHeaders, directory.root, name);
        return name;
    }

    /**
     * Puts one message for later: it is committed to the retry folder, named as a retry due at
     * {@code due} with no attempts made ({@link RetryFileName}), where consumers take it once due.
     * Returns its name, which it keeps when it is taken.
     */
    String putLater(byte[] json, Map<String, String> messageHeaders, Instant due) throws IOException {
        if (!retriesCreated) {
            directory.createRetries();
            retriesCreated = true;
        }
        String name = namer.next(!messageHeaders.isEmpty());
        String fileName = new RetryFileName(due.toEpochMilli(), 0, name).format();
        try {
            commit(name, json, messageHeaders, directory.retries, fileName);
        } catch (NoSuchFileException folderGone) { // .ipsync was removed since: make it again, once
            directory.createRetries();
            commit(name, json, messageHeaders, directory.retries, fileName);
        }
        return name;
    }

    private void commit(String name, byte[] json, Map<String, String> messageHeaders, Path folder, String fileName)
            throws IOException {
        Path temp = directory.incoming.resolve(MessageNames.temporary(name));
        try {
            writeTemporary(temp, json);
            if (!messageHeaders.isEmpty()) {
                headers.write(temp, name, messageHeaders);
            }
            steps.move(temp, folder.resolve(fileName));
            diskSync.forceDirectory(folder);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Writes a producer's temporary file; creates the folder for them on the first put, and again
     * if it went away (the queue directory was deleted and re-created, say).
     */
    private void writeTemporary(Path temp, byte[] json) throws IOException {
        if (!incomingCreated) {
            directory.createIncoming();
            incomingCreated = true;
        }
        try {
            steps.writeNew(temp, json, directory.modes, diskSync);
        } catch (NoSuchFileException folderGone) {
            directory.createIncoming();
            steps.writeNew(temp, json, directory.modes, diskSync);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Could not delete {}", path, e);
        }
    }
}
