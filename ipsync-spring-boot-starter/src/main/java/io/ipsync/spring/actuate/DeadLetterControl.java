package io.ipsync.spring.actuate;

import io.ipsync.DeadLetters;
import io.ipsync.JsonDataQueue;
import io.ipsync.spring.actuate.IpsyncEndpoint.DeadLetterActionDescriptor;
import io.ipsync.spring.actuate.IpsyncEndpoint.DeadLettersDescriptor;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import java.util.List;
import java.util.function.Function;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The {@code ipsync} endpoint's dead-letter operations on a queue, through its
 * {@link DeadLetters} (the same on every transport): list, show, re-drive and purge.
 *
 * <p>A re-drive is one atomic step of the transport per dead letter, its attempts reset: a re-drive
 * interrupted at any point loses and doubles nothing, and running it again re-drives the rest.
 * After each change the queue's counters in the {@link QueueStatsCache} are dropped, so that the
 * endpoint, health and gauges show it at once.
 */
final class DeadLetterControl {

    /** The only action on dead letters; purging is a delete. */
    static final String REQUEUE = "requeue";

    private final Function<String, JsonDataQueue> queues;

    private final QueueStatsCache stats;

    /**
     * @param queues looks a queue's object up by channel name
     * @param stats the shared counters, dropped after a change
     */
    DeadLetterControl(Function<String, JsonDataQueue> queues, QueueStatsCache stats) {
        this.queues = queues;
        this.stats = stats;
    }

    /** The count of the queue's dead letters and the oldest of them, without their content. */
    DeadLettersDescriptor list(ChannelDefinition queue, int limit) {
        DeadLetters dead = deadLetters(queue);
        List<DeadLetterDescriptor.Summary> listed = dead.list(limit).stream().map(DeadLetterDescriptor.Summary::of)
                .toList();
        return new DeadLettersDescriptor(queue.name(), dead.count(), listed);
    }

    /** The dead letter with its content, or {@code null} when there is none of that id. */
    DeadLetterDescriptor show(ChannelDefinition queue, String id) {
        return deadLetters(queue).read(id).map(DeadLetterDescriptor::of).orElse(null);
    }

    /** Every dead letter back into the queue, the oldest first. */
    DeadLetterActionDescriptor requeueAll(ChannelDefinition queue, String action) {
        requireRequeue(action);
        return changed(queue, "requeued", deadLetters(queue).requeueAll(), List.of());
    }

    /** The dead letter back into the queue as a waiting first attempt. */
    DeadLetterActionDescriptor requeue(ChannelDefinition queue, String id, String action) {
        requireRequeue(action);
        boolean requeued = deadLetters(queue).requeue(id);
        return changed(queue, "requeued", requeued ? 1 : 0, requeued ? List.of() : List.of(id));
    }

    /** Every dead letter removed for good. */
    DeadLetterActionDescriptor purgeAll(ChannelDefinition queue) {
        return changed(queue, "purged", deadLetters(queue).purgeAll(), List.of());
    }

    /** The dead letter removed for good. */
    DeadLetterActionDescriptor purge(ChannelDefinition queue, String id) {
        boolean purged = deadLetters(queue).purge(id);
        return changed(queue, "purged", purged ? 1 : 0, purged ? List.of() : List.of(id));
    }

    private DeadLetterActionDescriptor changed(ChannelDefinition queue, String done, int count, List<String> notFound) {
        stats.invalidate(queue.name());
        return new DeadLetterActionDescriptor(queue.name(), done, count, notFound);
    }

    private DeadLetters deadLetters(ChannelDefinition channel) {
        if (channel.kind() != ChannelKind.QUEUE) {
            throw new InvalidEndpointRequestException("The channel '" + channel.name() + "' has no dead letters: only"
                    + " queues have them, and it is configured under " + channel.kind().propertyPrefix(), "Not a queue");
        }
        return queues.apply(channel.name()).deadLetters();
    }

    private static void requireRequeue(String action) {
        if (!REQUEUE.equals(action)) {
            throw new InvalidEndpointRequestException("Expected the action '" + REQUEUE + "' for dead letters but found '"
                    + action + "' (purge them with DELETE)", "Unknown action '" + action + "'");
        }
    }
}
