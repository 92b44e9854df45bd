package io.ipsync.file;

import io.ipsync.spi.Claim;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;

/**
 * Reads a message its consumer has just claimed into a {@link Claim}. Only regular files are
 * opened, never through a symbolic link, and never beyond the size limit; what cannot be read
 * (a folder, a link, a file too large, headers that are not JSON) becomes an unreadable claim for
 * the consumer to dead-letter. A read cut short by an interrupt is not a property of the message:
 * it is thrown as {@link ClosedByInterruptException}, for the consumer to give the message back.
 */
final class ClaimedFileReader {

    private final long maxMessageSize;

    private final FileHeaders headers;

    ClaimedFileReader(long maxMessageSize, FileHeaders headers) {
        this.maxMessageSize = maxMessageSize;
        this.headers = headers;
    }

    Claim read(Path claimed, ClaimFileName claim) throws ClosedByInterruptException {
        String name = claim.message();
        int attempt = claim.attempt();
        String producer = MessageNames.producer(name);
        Instant timestamp = MessageNames.timestamp(name);
        try {
            BasicFileAttributes attributes = Files.readAttributes(claimed, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return unreadable(claimed, claim, "not a regular file but " + describeType(attributes));
            }
            byte[] content = BoundedReader.read(claimed, attributes.size(), maxMessageSize, false);
            Map<String, String> found = Map.of();
            if (FileHeaders.mayHave(name)) {
                try {
                    found = headers.read(claimed, name);
                } catch (ClosedByInterruptException interrupted) {
                    throw interrupted;
                } catch (IOException e) {
                    return unreadable(claimed, claim, "headers unreadable: " + e.getMessage());
                }
            }
            return new Claim(name, attempt, producer, timestamp, content, null, found, claimed);
        } catch (ClosedByInterruptException interrupted) {
            throw interrupted;
        } catch (IOException e) {
            return unreadable(claimed, claim, "unreadable: " + e);
        }
    }

    private static Claim unreadable(Path claimed, ClaimFileName claim, String reason) {
        String name = claim.message();
        return new Claim(name, claim.attempt(), MessageNames.producer(name), MessageNames.timestamp(name), null, reason,
                Map.of(), claimed);
    }

    private static String describeType(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link (never followed)";
        }
        return "a special file (FIFO, socket or device)";
    }
}
