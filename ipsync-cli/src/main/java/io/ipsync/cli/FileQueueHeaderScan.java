package io.ipsync.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one header of every message of a file queue that is not yet gone, as
 * docs/on-disk-format.md lays the queue out: waiting messages at the top of its directory, claimed
 * ones in {@code .ipsync/claims/<owner>/<attempt>-<name>}, retries in
 * {@code .ipsync/retry/<due>-<attempts>-<name>}. (Dead letters are read through the queue's
 * {@code deadLetters()}, which knows where they are kept.)
 *
 * <p>Only messages whose name says they have headers are read (the last letter of the producer id
 * is {@code H}); their headers are the JSON object in the extended attribute
 * {@code user.ipsync.headers}, or, on a file system without such attributes, in the sidecar
 * {@code .ipsync/headers/<name>}. Nothing is written and no link is followed.
 *
 * <p>A scan is a snapshot taken state by state: a message that the queue's consumers move from a
 * state not yet read to one already read, in the moment between the two, is not seen. Not
 * thread-safe; cheap enough to run once per move (one system call per message with headers).
 */
final class FileQueueHeaderScan {

    /** A message's name: {@code q_<nanos>_<producer id>}, the id 32 letters, the last one {@code H} when it has headers. */
    private static final Pattern NAME_WITH_HEADERS = Pattern.compile("q_\\d+_[A-Za-z]{31}H");

    /** The JDK adds the {@code user.} namespace. */
    private static final String ATTRIBUTE = "ipsync.headers";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final Path root;

    private final Path bookkeeping;

    FileQueueHeaderScan(Path queueDirectory) {
        this.root = queueDirectory;
        this.bookkeeping = queueDirectory.resolve(".ipsync");
    }

    /**
     * The values of the header {@code name} over the queue's waiting, claimed and retried messages.
     *
     * @throws IOException naming the file whose headers cannot be read
     */
    Set<String> valuesOf(String name) throws IOException {
        Set<String> values = new HashSet<>();
        Consumer<String> found = values::add;
        scan(root, "", name, found);
        Path claims = bookkeeping.resolve("claims");
        if (isDirectory(claims)) {
            try (DirectoryStream<Path> owners = Files.newDirectoryStream(claims)) {
                for (Path owner : owners) {
                    if (isDirectory(owner)) {
                        scan(owner, "-", name, found);
                    }
                }
            } catch (NoSuchFileException gone) {
                // no consumer has claimed anything, or the folder went with its owner
            }
        }
        scan(bookkeeping.resolve("retry"), "-", name, found);
        return values;
    }

    /**
     * Reads the header of every message with headers in one folder.
     *
     * @param prefixEnd where the message's name starts in an entry's name: after the last of this
     *     text before {@code q_} ({@code "-"} in claim and retry folders), or {@code ""} at the top
     */
    private void scan(Path folder, String prefixEnd, String name, Consumer<String> found) throws IOException {
        if (!isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String message = messageName(entry.getFileName().toString(), prefixEnd);
                if (message == null || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String value = headersOf(entry, message).get(name);
                if (value != null) {
                    found.accept(value);
                }
            }
        } catch (NoSuchFileException gone) {
            // the folder is not there (yet): nothing in this state
        }
    }

    private static String messageName(String entry, String prefixEnd) {
        String message = entry;
        if (!prefixEnd.isEmpty()) {
            int start = entry.indexOf(prefixEnd + "q_");
            if (start < 0) {
                return null;
            }
            message = entry.substring(start + prefixEnd.length());
        }
        return NAME_WITH_HEADERS.matcher(message).matches() ? message : null;
    }

    /** The headers of one message file; empty when it has none, or moved on before they were read. */
    private Map<String, String> headersOf(Path file, String message) throws IOException {
        byte[] json = attribute(file);
        if (json == null) {
            json = sidecar(message);
        }
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JacksonException e) {
            throw new IOException("The headers of " + file + " are not a JSON object of strings: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static byte[] attribute(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(view.size(ATTRIBUTE));
            view.read(ATTRIBUTE, buffer);
            return buffer.array();
        } catch (NoSuchFileException gone) {
            return null; // claimed, settled or moved on since it was listed
        } catch (FileSystemException | UnsupportedOperationException none) {
            return null; // no such attribute, or none on this file system: look for a sidecar
        }
    }

    private byte[] sidecar(String message) throws IOException {
        Path sidecar = bookkeeping.resolve("headers").resolve(message);
        try {
            return Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(sidecar) : null;
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    private static boolean isDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
