package io.ipsync.file;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one header of every message of a file queue that is not gone: waiting at the top of its
 * directory, claimed ({@code .ipsync/claims/<owner>/<attempt>-<name>}), on the retry shelf
 * ({@code .ipsync/retry/<due>-<attempts>-<name>}) and dead-lettered. Only messages whose name says
 * they have headers are read ({@link FileHeaders#mayHave}); headers that cannot be read are
 * skipped (such a message is dead-lettered when taken); nothing is written and no link is followed.
 *
 * <p>A snapshot taken state by state: a message that consumers move from a state not yet read to
 * one already read, in the moment between the two, is not seen. Not thread-safe; one per scan.
 */
final class HeaderScan {

    private static final Logger log = LoggerFactory.getLogger(HeaderScan.class);

    private final QueueDirectory directory;

    private final FileHeaders headers;

    private final String name;

    private final Set<String> values = new HashSet<>();

    private HeaderScan(QueueDirectory directory, FileHeaders headers, String name) {
        this.directory = directory;
        this.headers = headers;
        this.name = name;
    }

    /**
     * The values of the header {@code name} over the queue's messages in every state.
     *
     * @throws IOException naming the file whose headers cannot be read
     */
    static Set<String> valuesOf(QueueDirectory directory, FileHeaders headers, String name) throws IOException {
        HeaderScan scan = new HeaderScan(directory, headers, name);
        scan.folder(directory.root, entry -> entry);
        try {
            for (Path owner : DirectoryListing.entries(directory.claims, entry -> !entry.startsWith("."))) {
                scan.folder(owner, HeaderScan::claimed);
            }
        } catch (NoSuchFileException noClaims) {
            // no consumer has claimed anything yet
        }
        scan.folder(directory.retries, HeaderScan::retried);
        scan.folder(directory.deadLetters, HeaderScan::deadLetter);
        return scan.values;
    }

    /**
     * Reads the header of every message with headers in one folder.
     *
     * @param messageName the message's name in an entry's name, or {@code null} for an entry that is not a message
     */
    private void folder(Path folder, Function<String, String> messageName) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (Path entry : DirectoryListing.entries(folder, entry -> entry.contains(MessageNames.MESSAGE_PREFIX))) {
            String message = messageName.apply(entry.getFileName().toString());
            if (message == null || !FileHeaders.mayHave(message) || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                String value = headers.read(entry, message).get(name);
                if (value != null) {
                    values.add(value);
                }
            } catch (NoSuchFileException movedOn) {
                // claimed, settled or moved on since it was listed
            } catch (ClosedByInterruptException interrupted) {
                throw interrupted;
            } catch (IOException unreadable) {
                // unreadable headers (its consumer dead-letters such a message): it carries no value
                log.debug("Not reading the headers of {}: {}", entry, unreadable.getMessage());
            }
        }
    }

    private static String claimed(String entry) {
        ClaimFileName claim = ClaimFileName.parse(entry);
        return claim == null ? null : claim.message();
    }

    private static String retried(String entry) {
        RetryFileName retry = RetryFileName.parse(entry);
        return retry == null ? null : retry.message();
    }

    /** A dead letter is named as its message, with a {@code .2}, {@code .3}... suffix where the name was taken. */
    private static String deadLetter(String entry) {
        if (!DeadLetterBox.isDeadLetter(entry)) {
            return null;
        }
        int suffix = entry.lastIndexOf('.');
        return suffix > 0 && entry.substring(suffix + 1).chars().allMatch(Character::isDigit) ? entry.substring(0, suffix)
                : entry;
    }
}
