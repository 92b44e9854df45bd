package io.ipsync.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes producers' temporary files ({@code tmp_...}) old enough that no live producer can still
 * be writing them: a producer that died between writing and renaming leaves one behind. A live
 * producer's rename takes microseconds, so the age (minutes by default) is a wide margin; a
 * producer stalled for longer than that loses its temporary file and its put fails, loudly, and
 * nothing it had reported as put is lost. Where headers are kept in sidecar files, it also removes
 * those of messages gone from the queue (see {@link FileHeaders}).
 */
final class StaleTempFileSweeper {

    private static final Logger log = LoggerFactory.getLogger(StaleTempFileSweeper.class);

    private final QueueDirectory directory;

    private final Path queueDirectory;

    private final Path incoming;

    private final FileHeaders headers;

    private final Duration maxAge;

    private final Clock clock;

    /** Names already warned about, so that each is reported once; bounded, as whoever drops files may drop many. */
    private final Set<String> warnedTooLong = ConcurrentHashMap.newKeySet();

    private static final int MAX_WARNED_NAMES = 1000;

    /**
     * Sweeps the queue directory, where Python producers write their temporary files, and the
     * folder {@code incoming}, where ipsync producers write theirs: ipsync's own folder, swept only
     * while it is a real directory, never through a symbolic link planted in its place (missing:
     * skipped).
     */
    StaleTempFileSweeper(QueueDirectory directory, FileHeaders headers, Duration maxAge, Clock clock) {
        this.directory = directory;
        this.queueDirectory = directory.root;
        this.incoming = directory.incoming;
        this.headers = headers;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** How often a sweep is worth it: twice per maximum age. */
    long intervalNanos() {
        return maxAge.toNanos() / 2;
    }

    /**
     * Removes stale temporary files, and warns once about each message whose name is
     * {@link MessageNames#isTooLong too long} for ipsync to take (it is left where it is).
     */
    void sweep() {
        FileTime cutoff = FileTime.from(clock.instant().minus(maxAge));
        sweep(queueDirectory, cutoff);
        if (headers.hasSidecars()) {
            sweepHeaders(cutoff);
        }
        try {
            FileModes.requireRealDirectory(incoming);
        } catch (NoSuchFileException noneWrittenYet) {
            return;
        } catch (IOException e) {
            log.warn("Not sweeping {}: {}", incoming, e.getMessage());
            return;
        }
        sweep(incoming, cutoff);
    }

    /**
     * Removes old sidecar headers whose message is nowhere in the queue: not waiting, claimed,
     * shelved for a retry, nor dead-lettered. Every one of those names ends with the message's
     * name ({@code <attempt>-q_...}, {@code <due>-<attempts>-q_...}, a dead letter's {@code .2}
     * suffix aside).
     */
    private void sweepHeaders(FileTime cutoff) {
        Set<String> living = new HashSet<>();
        try {
            addMessageNames(queueDirectory, living);
            for (Path claims : DirectoryListing.entries(directory.claims, name -> !name.startsWith("."))) {
                addMessageNames(claims, living);
            }
            addMessageNames(directory.retries, living);
            addMessageNames(directory.deadLetters, living);
        } catch (IOException e) {
            log.warn("Not sweeping the headers of {}: cannot list its messages ({})", queueDirectory, e.getMessage());
            return;
        }
        headers.sweepOrphans(cutoff, living);
    }

    private static void addMessageNames(Path folder, Set<String> names) throws IOException {
        try {
            for (Path entry : DirectoryListing.entries(folder, name -> name.contains(MessageNames.MESSAGE_PREFIX))) {
                String name = entry.getFileName().toString();
                String message = name.substring(name.indexOf(MessageNames.MESSAGE_PREFIX));
                names.add(message);
                int suffix = message.lastIndexOf('.');
                if (suffix > 0) {
                    names.add(message.substring(0, suffix));
                }
            }
        } catch (NoSuchFileException none) {
            // not created yet
        }
    }

    private void sweep(Path directory, FileTime cutoff) {
        try {
            for (Path entry : DirectoryListing.entries(directory,
                    name -> MessageNames.isTemporary(name) || name.startsWith(MessageNames.MESSAGE_PREFIX) && MessageNames.isTooLong(name))) {
                if (MessageNames.isTemporary(entry.getFileName().toString())) {
                    removeIfStale(entry, cutoff);
                } else {
                    warnTooLong(entry.getFileName().toString(), directory);
                }
            }
        } catch (NoSuchFileException noneWrittenYet) {
            // no producer has written here yet
        } catch (IOException e) {
            log.warn("Could not sweep stale temporary files in {}", directory, e);
        }
    }

    private void warnTooLong(String name, Path directory) {
        if (warnedTooLong.size() < MAX_WARNED_NAMES && warnedTooLong.add(name)) {
            log.warn("Ignoring the message {} in {}: its name is too long for ipsync ({} bytes, at most {}); "
                    + "it is left for jk_interprocesssync consumers", name, directory,
                    name.getBytes(StandardCharsets.UTF_8).length, MessageNames.MAX_MESSAGE_NAME_BYTES);
        }
    }

    private void removeIfStale(Path temp, FileTime cutoff) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return;
            }
            if (attributes.lastModifiedTime().compareTo(cutoff) < 0) {
                Files.deleteIfExists(temp);
                log.info("Removed {}: a producer's temporary file abandoned for more than {}", temp, maxAge);
            }
        } catch (NoSuchFileException renamedMeanwhile) {
            // its producer finished it
        } catch (IOException e) {
            log.warn("Could not remove the stale temporary file {}", temp, e);
        }
    }
}
