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
import java.util.function.Function;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code ipsync} actuator endpoint: every configured channel with its path, its listeners and
 * their state, and for queues the current counters (from the shared {@link QueueStatsCache}).
 * {@code /actuator/ipsync/{name}} shows one channel.
 */
@Endpoint(id = "ipsync")
public class IpsyncEndpoint {

    private final IpsyncChannels channels;

    private final IpsyncListenerEndpointRegistry registry;

    private final Function<String, JsonDataQueue> queues;

    private final Function<ChannelDefinition, String> locations;

    private final QueueStatsCache stats;

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
        this.registry = registry;
        this.queues = queues;
        this.locations = locations;
        this.stats = stats;
    }

    @ReadOperation
    public ChannelsDescriptor channels() {
        return new ChannelsDescriptor(channels.all().stream().map(this::describe).toList());
    }

    @ReadOperation
    public ChannelDescriptor channel(@Selector String name) {
        return channels.find(name).map(this::describe).orElse(null);
    }

    private ChannelDescriptor describe(ChannelDefinition channel) {
        List<ListenerDescriptor> listeners = registry == null ? List.of()
                : registry.getListenerContainers().stream()
                        .filter(container -> container.endpoint().channel().name().equals(channel.name()))
                        .map(IpsyncEndpoint::describe)
                        .toList();
        QueueDescriptor queue = null;
        String problem = null;
        if (channel.kind() == ChannelKind.QUEUE) {
            try {
                QueueStats stats = this.stats.get(channel.name());
                queue = new QueueDescriptor(stats.waiting(),
                        stats.oldestWaitingAge() == null ? null : stats.oldestWaitingAge().toMillis(),
                        stats.inFlight(), stats.scheduledRetries(), stats.deadLetters(), channel.maxAttempts(),
                        channel.concurrency());
            } catch (IpsyncException e) {
                // A server that cannot be reached now: the other channels, and this one's place, still show.
                problem = e.getMessage();
            }
        }
        return new ChannelDescriptor(channel.name(), channel.kind().name().toLowerCase().replace('_', '-'),
                channel.transport(), locations.apply(channel), channel.isOnFiles() ? channel.path().toString() : null,
                listeners, queue, problem);
    }

    private static ListenerDescriptor describe(IpsyncListenerContainer container) {
        return new ListenerDescriptor(container.id(), container.endpoint().describeMethod(), container.isRunning(),
                container.isPaused(), container.endpoint().concurrency());
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

    /** One listener and its state. */
    public record ListenerDescriptor(String id, String method, boolean running, boolean paused, int concurrency) {
    }

    /** A queue's counters. */
    public record QueueDescriptor(long waiting, Long oldestWaitingAgeMillis, long inFlight, long scheduledRetries,
            long deadLetters, int maxAttempts, int concurrency) {
    }

}
