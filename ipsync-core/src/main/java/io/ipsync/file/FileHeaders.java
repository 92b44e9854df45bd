package io.ipsync.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a queue message's headers live on disk: beside its content, out of sight of
 * jk_interprocesssync, and gone with the message whoever removes it.
 *
 * <h2>Format</h2>
 * The headers are one JSON object of strings in UTF-8, kept in the user extended attribute
 * {@value #ATTRIBUTE} of the message file. An extended attribute belongs to the file's inode, so
 * it travels with every rename of the message's life (claim, retry, reclaim, dead letter) and is
 * gone when any consumer, Python included, deletes the file. A Python consumer never reads it.
 *
 * <p>Where the file system has no user extended attributes (tmpfs before Linux 6.6, some network
 * file systems), the same JSON is written to a sidecar file {@code .ipsync/headers/<message name>}
 * instead, as are headers whose JSON is longer than an attribute may be ({@value #MAX_ATTRIBUTE_BYTES}
 * bytes). A sidecar outlives a message that a Python consumer takes; consumers remove such
 * orphans once they are older than the stale temporary-file age and two sweeps in a row found them
 * without a message ({@link #sweepOrphans}).
 *
 * <h2>Which messages have headers</h2>
 * Looking for an attribute that is not there costs a system call and, in the JDK, an exception;
 * so a message with headers says so in its name, and only such messages are looked at: its
 * producer id (the part after the timestamp, 32 letters as jk_interprocesssync writes it) ends
 * with {@value #MARKER}. ipsync producers never give that last letter to a message without
 * headers; a Python producer's id ends with it by chance once in 52, and such messages are found
 * to have none.
 *
 * <p>Both are written before the message's commit rename, so a consumer that sees the message
 * finds its headers.
 */
final class FileHeaders {

    /** The extended attribute's name, in the {@code user.} namespace (the JDK adds the prefix). */
    static final String ATTRIBUTE = "ipsync.headers";

    /** The last letter of the producer id of every message that has headers. */
    static final char MARKER = 'H';

    private static final Logger log = LoggerFactory.getLogger(FileHeaders.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    /**
     * The most bytes of JSON kept in the attribute: ext4 keeps all of a file's attributes in one
     * 4 KiB block. Headers whose JSON is longer (escapes make it up to six times the raw text) go
     * to a sidecar, as on a file system without attributes.
     */
    static final int MAX_ATTRIBUTE_BYTES = 3_900;

    private final Path sidecars;

    private final FileModes modes;

    private final DiskSync diskSync;

    /** Set once a write found the file system without user extended attributes. */
    private volatile boolean sidecarOnly;

    /**
     * Sidecars the last sweep found without a message: removed only when the next sweep finds them
     * so again, since a message moving between two folders while a sweep lists them is not seen.
     */
    private final Set<String> orphanSuspects = ConcurrentHashMap.newKeySet();

    FileHeaders(QueueDirectory directory, DiskSync diskSync) {
        this.sidecars = directory.headers;
        this.modes = directory.modes;
        this.diskSync = diskSync;
    }

    /** Whether the message of this name says it has headers. */
    static boolean mayHave(String messageName) {
        return messageName.charAt(messageName.length() - 1) == MARKER && MessageNames.producer(messageName) != null;
    }

    /** The JSON form of headers, as stored. */
    static byte[] encode(Map<String, String> headers) {
        return JSON.writeValueAsBytes(headers);
    }

    /**
     * Stores the headers of the message {@code messageName}, whose content is in {@code file}
     * and not yet visible to consumers.
     */
    void write(Path file, String messageName, Map<String, String> headers) throws IOException {
        byte[] json = encode(headers);
        if (!sidecarOnly && json.length <= MAX_ATTRIBUTE_BYTES) {
            try {
                view(file).write(ATTRIBUTE, ByteBuffer.wrap(json));
                return;
            } catch (FileSystemException | UnsupportedOperationException e) {
                if (!isUnsupported(file, e)) {
                    throw e;
                }
                sidecarOnly = true;
                log.info("The file system of {} keeps no user extended attributes ({}); message headers go to {}", file,
                        e.getMessage(), sidecars);
            }
        }
        modes.ensureDirectory(sidecars);
        Path sidecar = sidecars.resolve(messageName);
        Path temp = sidecars.resolve("." + messageName + ".tmp");
        Files.deleteIfExists(temp);
        FileSteps.DIRECT.writeNew(temp, json, modes, diskSync);
        FileSteps.DIRECT.move(temp, sidecar);
        diskSync.forceDirectory(sidecars);
    }

    /**
     * The headers of a message, found in {@code file} (its current place) or its sidecar; empty
     * when it has none.
     *
     * @throws IOException when they are there but cannot be read or are not a JSON object of strings
     */
    Map<String, String> read(Path file, String messageName) throws IOException {
        byte[] json = readAttribute(file);
        if (json == null) {
            json = readSidecar(messageName);
        }
        if (json == null) {
            return Map.of();
        }
        LinkedHashMap<String, String> headers;
        try {
            headers = JSON.readValue(json, MAP);
        } catch (JacksonException e) {
            throw new IOException("its headers are not a JSON object of strings: " + e.getOriginalMessage(), e);
        }
        if (headers == null || headers.containsValue(null) || headers.containsKey(null)) {
            throw new IOException("its headers are not a JSON object of strings: a name or value is null");
        }
        return Collections.unmodifiableMap(headers);
    }

    /** Writes headers onto a file as an attribute only (re-driving a dead letter); does nothing where there are none. */
    void restore(Path file, String messageName, Map<String, String> headers) throws IOException {
        if (!headers.isEmpty() && readAttribute(file) == null && readSidecar(messageName) == null) {
            write(file, messageName, headers);
        }
    }

    /** Removes a settled message's sidecar, if it has one. */
    void forget(String messageName) {
        if (sidecarOnly || Files.isDirectory(sidecars, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.deleteIfExists(sidecars.resolve(messageName));
            } catch (IOException e) {
                log.debug("Could not remove the headers of {}; they are swept later", messageName, e);
            }
        }
    }

    /**
     * Removes sidecars older than {@code cutoff} whose message is nowhere in the queue any more (a
     * Python consumer took it).
     *
     * @param livingNames the names of every message still in the queue, in any state
     */
    void sweepOrphans(FileTime cutoff, Set<String> livingNames) {
        try {
            Set<String> suspects = new HashSet<>();
            for (Path sidecar : DirectoryListing.entries(sidecars, name -> name.startsWith(MessageNames.MESSAGE_PREFIX))) {
                String name = sidecar.getFileName().toString();
                if (livingNames.contains(name)) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(sidecar, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.lastModifiedTime().compareTo(cutoff) >= 0) {
                    continue;
                }
                if (orphanSuspects.contains(name)) {
                    Files.deleteIfExists(sidecar);
                } else {
                    suspects.add(name);
                }
            }
            orphanSuspects.clear();
            orphanSuspects.addAll(suspects);
        } catch (NoSuchFileException noSidecars) {
            // the file system keeps attributes, or nobody sent headers
        } catch (IOException e) {
            log.warn("Could not sweep the headers of messages gone from {}", sidecars.getParent(), e);
        }
    }

    /** Whether this queue has a sidecar folder to sweep. */
    boolean hasSidecars() {
        return Files.isDirectory(sidecars, LinkOption.NOFOLLOW_LINKS);
    }

    private static byte[] readAttribute(Path file) throws IOException {
        UserDefinedFileAttributeView view;
        try {
            view = view(file);
            int size = view.size(ATTRIBUTE);
            ByteBuffer buffer = ByteBuffer.allocate(size);
            view.read(ATTRIBUTE, buffer);
            return buffer.array();
        } catch (FileSystemException | UnsupportedOperationException absent) {
            if (absent instanceof NoSuchFileException gone) {
                throw gone;
            }
            return null; // no such attribute (ENODATA), or none on this file system
        }
    }

    private byte[] readSidecar(String messageName) throws IOException {
        try {
            return Files.readAllBytes(sidecars.resolve(messageName));
        } catch (NoSuchFileException none) {
            return null;
        }
    }

    private static UserDefinedFileAttributeView view(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new UnsupportedOperationException("no user-defined file attributes");
        }
        return view;
    }

    /**
     * Whether a failed write means the file system keeps no user extended attributes: asked of
     * the file store (the JDK probes it), and, where that cannot tell, read from the error's
     * English text.
     */
    private static boolean isUnsupported(Path file, Exception e) {
        if (e instanceof UnsupportedOperationException) {
            return true;
        }
        try {
            if (!Files.getFileStore(file).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
                return true;
            }
        } catch (IOException cannotTell) {
            // fall back on the error's text
        }
        String reason = ((FileSystemException) e).getReason();
        return reason != null && reason.contains("not supported");
    }
}
