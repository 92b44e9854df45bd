package io.ipsync.file;

import io.ipsync.DeadLetter;
import io.ipsync.MessageMetadata;
import io.ipsync.spi.DeadLetterStore;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue's dead letters as the {@link DeadLetterBox} keeps them: each the message's entry plus
 * its {@code reason-<name>.json} record.
 *
 * <p>Re-driving renames the dead letter back into the queue directory under its message name (a
 * new name only where that is taken), which is the commit point; its record is removed after. A
 * crash in between leaves a record without its dead letter, which {@link #list} and
 * {@link #count()} ignore and {@link #purgeAll()} removes. Headers travel with the file (its
 * extended attribute, or its sidecar under the message's name); where the dead-letter folder is on
 * another file system and the attribute was lost on the way, they are written again from the
 * record before the message goes back.
 *
 * <p>Thread-safe: each step is one rename or unlink, and of two threads or processes re-driving or
 * purging the same dead letter, one does it and the other finds it gone.
 */
final class FileDeadLetterStore implements DeadLetterStore {

    private static final Logger log = LoggerFactory.getLogger(FileDeadLetterStore.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final QueueDirectory directory;

    private final DeadLetterBox box;

    private final FileHeaders headers;

    private final MessageNamer namer;

    private final long maxMessageSize;

    private final FileSteps steps;

    FileDeadLetterStore(QueueDirectory directory, DeadLetterBox box, FileHeaders headers, MessageNamer namer,
            long maxMessageSize, FileSteps steps) {
        this.directory = directory;
        this.box = box;
        this.headers = headers;
        this.namer = namer;
        this.maxMessageSize = maxMessageSize;
        this.steps = steps;
    }

    @Override
    public long count() throws IOException {
        try {
            return box.count();
        } catch (NoSuchFileException none) {
            return 0;
        }
    }

    @Override
    public List<DeadLetter> list(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1 but was " + max);
        }
        List<Path> letters;
        try {
            letters = new ArrayList<>(DirectoryListing.entries(box.directory(), DeadLetterBox::isDeadLetter));
        } catch (NoSuchFileException none) {
            return List.of();
        }
        Map<Path, FileTime> setAside = new LinkedHashMap<>();
        for (Path letter : letters) {
            setAside.put(letter, timeSetAside(letter));
        }
        letters.sort(Comparator.comparing((Path letter) -> setAside.get(letter)).thenComparing(Path::getFileName));
        List<DeadLetter> found = new ArrayList<>(Math.min(max, letters.size()));
        for (Path letter : letters) {
            if (found.size() == max) {
                break;
            }
            read(letter.getFileName().toString()).ifPresent(found::add);
        }
        return found;
    }

    @Override
    public Optional<DeadLetter> read(String id) throws IOException {
        Path letter = letter(id);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(letter, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        JsonNode record = readRecord(id);
        String messageName = text(record, "message", id);
        byte[] content = null;
        if (attributes.isRegularFile()) {
            try {
                content = BoundedReader.read(letter, attributes.size(), maxMessageSize, false);
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            } catch (ClosedByInterruptException interrupted) {
                throw interrupted; // not a property of the dead letter
            } catch (IOException unreadable) {
                log.debug("Cannot read the dead letter {}", letter, unreadable);
            }
        }
        return Optional.of(new DeadLetter(id, messageName, content, headersOf(record, letter, messageName),
                text(record, "reason", "(no record of why)"), text(record, "exception", null),
                record == null || !record.has("attempts") ? 0 : record.get("attempts").asInt(),
                time(record, attributes.lastModifiedTime())));
    }

    @Override
    public boolean requeue(String id) throws IOException {
        Optional<DeadLetter> found = read(id);
        if (found.isEmpty()) {
            return false;
        }
        DeadLetter deadLetter = found.get();
        Path letter = letter(id);
        String name = deadLetter.messageId();
        Path target = directory.root.resolve(name);
        // a re-driven message no longer expires: its old expiry would set it aside again at once
        Map<String, String> kept = new LinkedHashMap<>(deadLetter.headers());
        boolean expiryDropped = kept.remove(MessageMetadata.EXPIRES_HEADER) != null;
        if (!MessageNames.isMessage(name) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            name = namer.next(!kept.isEmpty()); // its own name is taken (or not a message's)
            target = directory.root.resolve(name);
            if (!kept.isEmpty()) {
                headers.write(letter, name, kept);
            }
        } else if (expiryDropped) {
            headers.write(letter, name, kept);
        } else {
            headers.restore(letter, name, kept);
        }
        try {
            moveBack(letter, target, name, kept);
        } catch (NoSuchFileException takenMeanwhile) {
            return false;
        }
        Files.deleteIfExists(directory.deadLetters.resolve(DeadLetterBox.reasonFileName(id)));
        log.info("Re-drove the dead letter {} back to {} as {}", id, directory.root, name);
        return true;
    }

    @Override
    public boolean purge(String id) throws IOException {
        Path letter = letter(id);
        JsonNode record = readRecord(id);
        if (!steps.delete(letter)) {
            if (Files.exists(letter, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(letter); // a directory someone named like a message
            } else {
                return false;
            }
        }
        Files.deleteIfExists(directory.deadLetters.resolve(DeadLetterBox.reasonFileName(id)));
        headers.forget(text(record, "message", id));
        return true;
    }

    @Override
    public int purgeAll() throws IOException {
        int purged = 0;
        List<Path> entries;
        try {
            entries = DirectoryListing.entries(box.directory(), name -> !name.startsWith("."));
        } catch (NoSuchFileException none) {
            return 0;
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (DeadLetterBox.isReasonFile(name)) {
                if (!Files.exists(box.directory().resolve(DeadLetterBox.deadLetterName(name)), LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(entry); // a record left by a re-drive cut short
                }
            } else if (purge(name)) {
                purged++;
            }
        }
        return purged;
    }

    private Path letter(String id) {
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..") || !DeadLetterBox.isDeadLetter(id)) {
            throw new IllegalArgumentException("Not the id of a dead letter of " + directory.root + ": '" + id + "'");
        }
        return box.directory().resolve(id);
    }

    private FileTime timeSetAside(Path letter) {
        try {
            return Files.getLastModifiedTime(
                    box.directory().resolve(DeadLetterBox.reasonFileName(letter.getFileName().toString())),
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException noRecord) {
            return FileTime.fromMillis(0);
        }
    }

    private JsonNode readRecord(String id) throws ClosedByInterruptException {
        Path record = box.directory().resolve(DeadLetterBox.reasonFileName(id));
        try {
            return JSON.readTree(BoundedReader.read(record, Files.size(record), 1024 * 1024, false));
        } catch (NoSuchFileException none) {
            return null;
        } catch (ClosedByInterruptException interrupted) {
            throw interrupted; // not a missing record: the caller would take the id for the message's name
        } catch (IOException | JacksonException e) {
            log.warn("Cannot read the record {} of the dead letter {}: {}", record, id, e.getMessage());
            return null;
        }
    }

    private Map<String, String> headersOf(JsonNode record, Path letter, String messageName) {
        if (record != null && record.get("headers") != null && record.get("headers").isObject()) {
            Map<String, String> found = new LinkedHashMap<>();
            record.get("headers").properties().forEach(header -> found.put(header.getKey(), header.getValue().asString()));
            return found;
        }
        if (FileHeaders.mayHave(messageName)) {
            try {
                return headers.read(letter, messageName);
            } catch (IOException e) {
                log.debug("Cannot read the headers of the dead letter {}", letter, e);
            }
        }
        return Map.of();
    }

    private void moveBack(Path letter, Path target, String name, Map<String, String> messageHeaders) throws IOException {
        try {
            steps.move(letter, target);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Path temp = directory.incoming.resolve(MessageNames.temporary(name));
            directory.createIncoming();
            Files.copy(letter, temp, LinkOption.NOFOLLOW_LINKS);
            if (!messageHeaders.isEmpty()) {
                headers.write(temp, name, messageHeaders); // a copy leaves extended attributes behind
            }
            steps.move(temp, target);
            Files.delete(letter);
        }
    }

    private static String text(JsonNode record, String field, String otherwise) {
        return record != null && record.hasNonNull(field) ? record.get(field).asString() : otherwise;
    }

    private static Instant time(JsonNode record, FileTime fallback) {
        String text = text(record, "time", null);
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notATime) {
                // fall back on the file's time
            }
        }
        return fallback.toInstant();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
