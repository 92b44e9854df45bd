package io.ipsync.cli;

import io.ipsync.ChannelAddress;
import io.ipsync.IpsyncException;
import io.ipsync.QueueOptions;
import io.ipsync.Transports;
import io.ipsync.spi.QueueChannel;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The messages of one source that the target queue of a move already held when the move began:
 * the values of the header {@value #HEADER} found on the target's messages, in any state but gone
 * (waiting, claimed by a consumer, scheduled for a retry, dead-lettered), read through the
 * transport's {@link QueueChannel#headerValues}.
 *
 * <p>The target is read once, when the first message is about to move. The run's own copies need
 * not be remembered: a run never meets again a message it acknowledged, and one it cannot
 * acknowledge ends it. A transport that cannot read a queue's messages without taking them cannot
 * be searched: {@link #canSearch()} is then {@code false} and nothing is ever found.
 *
 * <p>Not thread-safe: one move, one thread.
 */
final class MovedCopies {

    /** The header that names where a moved message came from: {@code <source queue>/<message id>}. */
    static final String HEADER = "ipsync-moved-from";

    private final ChannelAddress target;

    private final String targetLocation;

    private final String sourcePrefix;

    private Set<String> found;

    private boolean searchable = true;

    private MovedCopies(ChannelAddress target, String targetLocation, String sourcePrefix) {
        this.target = target;
        this.targetLocation = targetLocation;
        this.sourcePrefix = sourcePrefix;
    }

    /**
     * The copies in the queue at {@code target} of messages from the source whose header values
     * start with {@code source + "/"}.
     *
     * @param targetLocation where the target is, for messages
     */
    static MovedCopies in(ChannelAddress target, String targetLocation, String source) {
        return new MovedCopies(target, targetLocation, source + "/");
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
        found();
        return searchable;
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
            found = search();
        }
        return found;
    }

    private Set<String> search() {
        Set<String> values = new HashSet<>();
        try (QueueChannel channel = Transports.providerOf(target).openQueue(target, QueueOptions.DEFAULTS)) {
            for (String value : channel.headerValues(HEADER)) {
                if (value.startsWith(sourcePrefix)) {
                    values.add(value);
                }
            }
        } catch (UnsupportedOperationException cannotSearch) {
            searchable = false;
        } catch (IOException e) {
            throw new IpsyncException("Cannot look for messages already moved into " + targetLocation + ": " + e, e);
        }
        return values;
    }
}
