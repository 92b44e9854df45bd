package io.ipsync.spring.actuate;

import io.ipsync.IpsyncException;
import io.ipsync.JsonDataQueue;
import io.ipsync.QueueStats;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.ChannelKind;
import io.ipsync.spring.channel.IpsyncChannels;
import io.ipsync.spring.listener.IpsyncListenerContainer;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code ipsync} actuator endpoint: every configured channel with its listeners and, for
 * queues, the current counters; each queue's dead letters; and, as write operations, re-driving
 * and purging dead letters and pausing, resuming, stopping and starting listeners.
 *
 * <p>Over HTTP, under {@code /actuator/ipsync} (selectors, as Boot's own endpoints have them):
 * <pre>
 * GET    /                                  every channel
 * GET    /{channel}                         one channel
 * GET    /{channel}/dead-letters[?limit=N]  the queue's dead letters, the oldest first, without content
 * GET    /{channel}/dead-letters/{id}       one dead letter with its payload
 * POST   /{channel}/dead-letters            {"action":"requeue"}: every dead letter back into the queue
 * POST   /{channel}/dead-letters/{id}       {"action":"requeue"}: this one back into the queue
 * DELETE /{channel}/dead-letters[/{id}]     removes every dead letter (or this one) for good
 * GET    /{channel}/listeners[/{id}]        the channel's listeners (or this one) and their state
 * POST   /{channel}/listeners[/{id}]        {"action":"pause|resume|stop|start"}: each listener of the channel (or this one)
 * </pre>
 *
 * <p>Its access is read-only unless the application says otherwise
 * ({@code management.endpoint.ipsync.access=unrestricted}): the write and delete operations are
 * not there until then. A re-drive is one atomic step of the transport per dead letter, its
 * attempts reset: interrupted at any point, it loses and doubles nothing, and running it again
 * re-drives the rest. Counters come from the shared {@link QueueStatsCache}, which the write
 * operations refresh for their queue. {@link DeadLetterControl} and {@link ListenerControl} carry
 * out the operations; this class resolves the selectors and checks them.
 */
@Endpoint(id = "ipsync", defaultAccess = Access.READ_ONLY)
@RegisterReflectionForBinding({DeadLetterDescriptor.class, DeadLetterDescriptor.Summary.class,
        IpsyncEndpoint.DeadLettersDescriptor.class, IpsyncEndpoint.DeadLetterActionDescriptor.class,
        IpsyncEndpoint.ListenersDescriptor.class, IpsyncEndpoint.ListenerDescriptor.class})
public class IpsyncEndpoint {

    /** The dead letters of a queue, as a selector: {@code /actuator/ipsync/orders/dead-letters}. */
    public static final String DEAD_LETTERS = "dead-letters";

    /** The listeners of a channel, as a selector: {@code /actuator/ipsync/orders/listeners}. */
    public static final String LISTENERS = "listeners";

    /** How many dead letters a list shows when it is not given a limit. */
    public static final int DEFAULT_LIMIT = 100;

    /** The most dead letters one list shows. */
    public static final int MAX_LIMIT = 10_000;

    private final IpsyncChannels channels;

    private final Function<ChannelDefinition, String> locations;

    private final QueueStatsCache stats;

    private final DeadLetterControl deadLetters;

    private final ListenerControl listeners;

    /**
     * @param channels the configured channels
     * @param registry the listener registry, or {@code null} when there is none
     * @param queues looks a queue's object up by channel name
     * @param locations where each channel is, as its transport names it
     * @param stats the queues' counters, shared with health and metrics
     */
    public IpsyncEndpoint(IpsyncChannels channels, IpsyncListenerEndpointRegistry registry,
            Function<String, JsonDataQueue> queues, Function<ChannelDefinition, String> locations,
            QueueStatsCache stats) {
        this.channels = channels;
        this.locations = locations;
        this.stats = stats;
        this.deadLetters = new DeadLetterControl(queues, stats);
        this.listeners = new ListenerControl(registry);
    }

    /** Every channel. */
    @ReadOperation
    public ChannelsDescriptor channels() {
        return new ChannelsDescriptor(channels.all().stream().map(this::describe).toList());
    }

    /** One channel, or {@code null} (404) when there is none of that name. */
    @ReadOperation
    public ChannelDescriptor channel(@Selector String name) {
        return channels.find(name).map(this::describe).orElse(null);
    }

    /**
     * A queue's dead letters ({@link DeadLettersDescriptor}) or a channel's listeners
     * ({@link ListenersDescriptor}); {@code null} (404) for an unknown channel.
     *
     * @param limit how many dead letters to show at most; {@link #DEFAULT_LIMIT} when not given
     */
    @ReadOperation
    public Object collection(@Selector String channel, @Selector String collection, @Nullable Integer limit) {
        ChannelDefinition definition = channels.find(channel).orElse(null);
        if (definition == null) {
            return null;
        }
        return switch (requireCollection(collection)) {
            case DEAD_LETTERS -> deadLetters.list(definition, requireLimit(limit));
            default -> listeners.describe(definition);
        };
    }

    /**
     * One dead letter with its payload ({@link DeadLetterDescriptor}) or one listener
     * ({@link ListenerDescriptor}); {@code null} (404) when there is no such channel, dead letter
     * or listener.
     */
    @ReadOperation
    public Object item(@Selector String channel, @Selector String collection, @Selector String id) {
        ChannelDefinition definition = channels.find(channel).orElse(null);
        if (definition == null) {
            return null;
        }
        return switch (requireCollection(collection)) {
            case DEAD_LETTERS -> deadLetters.show(definition, id);
            default -> listeners.describe(definition, id);
        };
    }

    /**
     * {@code requeue} on {@code dead-letters}: every dead letter back into its queue, the oldest
     * first. {@code pause}, {@code resume}, {@code stop} or {@code start} on {@code listeners}:
     * every listener of the channel.
     */
    @WriteOperation
    public Object actOnCollection(@Selector String channel, @Selector String collection, String action) {
        ChannelDefinition definition = requireChannel(channel);
        return switch (requireCollection(collection)) {
            case DEAD_LETTERS -> deadLetters.requeueAll(definition, action);
            default -> listeners.act(definition, action);
        };
    }

    /**
     * {@code requeue} on a dead letter: back into its queue as a waiting first attempt. {@code pause},
     * {@code resume}, {@code stop} or {@code start} on a listener; returns its state after it.
     */
    @WriteOperation
    public Object actOnItem(@Selector String channel, @Selector String collection, @Selector String id,
            String action) {
        ChannelDefinition definition = requireChannel(channel);
        return switch (requireCollection(collection)) {
            case DEAD_LETTERS -> deadLetters.requeue(definition, id, action);
            default -> listeners.act(definition, id, action);
        };
    }

    /** Removes every dead letter of the queue for good. */
    @DeleteOperation
    public DeadLetterActionDescriptor purgeAll(@Selector String channel, @Selector String collection) {
        ChannelDefinition definition = requireChannel(channel);
        requireDeadLetters(collection);
        return deadLetters.purgeAll(definition);
    }

    /** Removes the dead letter for good. */
    @DeleteOperation
    public DeadLetterActionDescriptor purge(@Selector String channel, @Selector String collection,
            @Selector String id) {
        ChannelDefinition definition = requireChannel(channel);
        requireDeadLetters(collection);
        return deadLetters.purge(definition, id);
    }

    private ChannelDefinition requireChannel(String name) {
        return channels.find(name).orElseThrow(() -> new InvalidEndpointRequestException(
                "No channel '" + name + "': the channels are " + channels.names(), "No channel '" + name + "'"));
    }

    private static String requireCollection(String collection) {
        if (!DEAD_LETTERS.equals(collection) && !LISTENERS.equals(collection)) {
            throw new InvalidEndpointRequestException("Expected '" + DEAD_LETTERS + "' or '" + LISTENERS
                    + "' after the channel's name but found '" + collection + "'", "Unknown part '" + collection + "'");
        }
        return collection;
    }

    private static void requireDeadLetters(String collection) {
        if (!DEAD_LETTERS.equals(requireCollection(collection))) {
            throw new InvalidEndpointRequestException("Only dead letters can be deleted; listeners are stopped with"
                    + " {\"action\":\"stop\"}", "Listeners cannot be deleted");
        }
    }

    private static int requireLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidEndpointRequestException("Expected a limit from 1 to " + MAX_LIMIT + " but found " + limit,
                    "Limit out of range");
        }
        return limit;
    }

    private ChannelDescriptor describe(ChannelDefinition channel) {
        QueueDescriptor queue = null;
        String problem = null;
        if (channel.kind() == ChannelKind.QUEUE) {
            try {
                QueueStats counters = stats.get(channel.name());
                queue = new QueueDescriptor(counters.waiting(),
                        counters.oldestWaitingAge() == null ? null : counters.oldestWaitingAge().toMillis(),
                        counters.inFlight(), counters.scheduledRetries(), counters.deadLetters(), channel.maxAttempts(),
                        channel.concurrency());
            } catch (IpsyncException e) {
                // A server that cannot be reached now: the other channels, and this one's place, still show.
                problem = e.getMessage();
            }
        }
        return new ChannelDescriptor(channel.name(), channel.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                channel.transport(), locations.apply(channel), channel.isOnFiles() ? channel.path().toString() : null,
                listeners.describe(channel).listeners(), queue, problem);
    }

    /** All channels. */
    public record ChannelsDescriptor(List<ChannelDescriptor> channels) {
    }

    /**
     * One channel.
     *
     * @param name the channel (and bean) name
     * @param kind {@code event}, {@code data-event} or {@code queue}
     * @param transport the transport that keeps it: {@code file}, {@code redis}
     * @param location where it is on its transport: its path on files, its name on a server
     * @param path its file or directory on files; {@code null} on other transports
     * @param listeners the {@code @IpsyncListener} methods on it
     * @param queue the queue's counters, or {@code null} for events and for a queue whose counters
     *     cannot be read now
     * @param problem why a queue's counters cannot be read now (its server is down), or {@code null}
     */
    public record ChannelDescriptor(String name, String kind, String transport, String location, String path,
            List<ListenerDescriptor> listeners,
            QueueDescriptor queue, String problem) {
    }

    /**
     * One listener and its state.
     *
     * @param id the listener's id, as the endpoint's listener operations take it
     * @param method the listener method
     * @param running whether it was started and not stopped
     * @param paused whether it is paused (a paused listener that is started stays paused)
     * @param concurrency its threads
     * @param channel the channel it listens to
     * @param state {@code running}, {@code paused} (running, taking nothing) or {@code stopped}
     */
    public record ListenerDescriptor(String id, String method, boolean running, boolean paused, int concurrency,
            String channel, String state) {

        static ListenerDescriptor of(IpsyncListenerContainer container) {
            boolean running = container.isRunning();
            boolean paused = container.isPaused();
            return new ListenerDescriptor(container.id(), container.endpoint().describeMethod(), running, paused,
                    container.endpoint().concurrency(), container.endpoint().channel().name(),
                    !running ? "stopped" : paused ? "paused" : "running");
        }
    }

    /** The listeners of a channel. */
    public record ListenersDescriptor(String channel, List<ListenerDescriptor> listeners) {
    }

    /** A queue's counters. */
    public record QueueDescriptor(long waiting, Long oldestWaitingAgeMillis, long inFlight, long scheduledRetries,
            long deadLetters, int maxAttempts, int concurrency) {
    }

    /**
     * A queue's dead letters.
     *
     * @param channel the queue
     * @param count how many there are in all
     * @param deadLetters the oldest of them, as many as the limit allows
     */
    public record DeadLettersDescriptor(String channel, long count, List<DeadLetterDescriptor.Summary> deadLetters) {
    }

    /**
     * What a re-drive or purge did.
     *
     * @param channel the queue
     * @param action {@code requeued} or {@code purged}
     * @param count how many dead letters it requeued or purged
     * @param notFound the ids asked for that were not there (any more)
     */
    public record DeadLetterActionDescriptor(String channel, String action, int count, List<String> notFound) {

        public DeadLetterActionDescriptor {
            notFound = List.copyOf(notFound);
        }
    }
}
