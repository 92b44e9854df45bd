package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.DeadLetter;
import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The messages of one source that the target queue of a move already held when the move began:
 * the values of the header {@value #HEADER} found on the target's messages, in any state but gone
 * (waiting, claimed by a consumer, scheduled for a retry, dead-lettered).
 *
 * <p>The target is read once, when the first message is about to move. The run's own copies need
 * not be remembered: a run never meets again a message it acknowledged, and one it cannot
 * acknowledge ends it. Only a file target can be read (see {@link FileQueueHeaderScan}); for a
 * target of another transport, {@link #canSearch()} is {@code false} and nothing is ever found,
 * because the transport seam offers no way to read a queue's messages without taking them.
 *
 * <p>Not thread-safe: one move, one thread.
 */
final class MovedCopies {

    /** The header that names where a moved message came from: {@code <source queue>/<message id>}. */
    static final String HEADER = "ipsync-moved-from";

    private final Path fileTarget;

    private final JsonDataQueue target;

    private final String sourcePrefix;

    private Set<String> found;

    private MovedCopies(Path fileTarget, JsonDataQueue target, String sourcePrefix) {
        this.fileTarget = fileTarget;
        this.target = target;
        this.sourcePrefix = sourcePrefix;
    }

    /**
     * The copies in {@code target} of messages from the source whose header values start with
     * {@code source + "/"}.
     *
     * @param address the target's address: only a file target can be searched
     */
    static MovedCopies in(ChannelAddress address, JsonDataQueue target, String source) {
        Path directory = address.transport().equals(ChannelAddress.FILE) ? Path.of(target.location()) : null;
        return new MovedCopies(directory, target, source + "/");
    }

    /** The header value of a message of the source. */
    String sourceOf(String messageId) {
        return sourcePrefix + messageId;
    }

    /**
     * Whether a message's headers say it is a copy of a message of the source: found in the
     * source itself, it means the source is the target too, under another name.
     */
    boolean isCopyFromSource(Map<String, String> headers) {
        String value = headers.get(HEADER);
        return value != null && value.startsWith(sourcePrefix);
    }

    /** Whether the target can be searched for copies at all. */
    boolean canSearch() {
        return fileTarget != null;
    }

    /**
     * Whether the target holds a copy of the source's message.
     *
     * @throws IpsyncException naming the target when it cannot be read
     */
    boolean contains(String source) {
        return found().contains(source);
    }

    private Set<String> found() {
        if (found == null) {
            found = canSearch() ? search() : Set.of();
        }
        return found;
    }

    private Set<String> search() {
        Set<String> values = new HashSet<>();
        try {
            for (String value : new FileQueueHeaderScan(fileTarget).valuesOf(HEADER)) {
                if (value.startsWith(sourcePrefix)) {
                    values.add(value);
                }
            }
        } catch (IOException e) {
            throw new IpsyncException("Cannot look for messages already moved into " + target.location() + ": " + e, e);
        }
        for (DeadLetter letter : target.deadLetters().list(Integer.MAX_VALUE)) {
            String value = letter.headers().get(HEADER);
            if (value != null && value.startsWith(sourcePrefix)) {
                values.add(value);
            }
        }
        return values;
    }
}
