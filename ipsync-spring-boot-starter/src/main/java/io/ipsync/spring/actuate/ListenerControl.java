package io.ipsync.spring.actuate;

import io.ipsync.spring.actuate.IpsyncEndpoint.ListenerDescriptor;
import io.ipsync.spring.actuate.IpsyncEndpoint.ListenersDescriptor;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.listener.IpsyncListenerContainer;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The {@code ipsync} endpoint's listener operations: a channel's listeners and their state, and
 * pause, resume, stop and start on them, through the {@link IpsyncListenerEndpointRegistry}.
 *
 * <p>A stop returns once the listener's handling in progress has finished (within
 * {@code ipsync.shutdown-timeout}) and its unhandled messages went back to the queue; a pause
 * returns at once and lets handling in progress finish. A listener stopped here stays stopped
 * until started here or by the application, and stops with the context as the others do.
 */
final class ListenerControl {

    /** The actions, as the write operations take them. */
    enum Action {
        PAUSE(IpsyncListenerContainer::pause),
        RESUME(IpsyncListenerContainer::resume),
        STOP(IpsyncListenerContainer::stop),
        START(IpsyncListenerContainer::start);

        private final Consumer<IpsyncListenerContainer> applied;

        Action(Consumer<IpsyncListenerContainer> applied) {
            this.applied = applied;
        }

        static Action of(String action) {
            for (Action candidate : values()) {
                if (candidate.name().toLowerCase(Locale.ROOT).equals(action)) {
                    return candidate;
                }
            }
            throw new InvalidEndpointRequestException("Expected the action 'pause', 'resume', 'stop' or 'start' for"
                    + " listeners but found '" + action + "'", "Unknown action '" + action + "'");
        }
    }

    private final IpsyncListenerEndpointRegistry registry;

    /** @param registry the listener registry, or {@code null} when there is none */
    ListenerControl(IpsyncListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    /** The channel's listeners, in registration order. */
    ListenersDescriptor describe(ChannelDefinition channel) {
        return new ListenersDescriptor(channel.name(), containers(channel).stream().map(ListenerDescriptor::of).toList());
    }

    /** The channel's listener of that id, or {@code null} when it has none. */
    ListenerDescriptor describe(ChannelDefinition channel, String id) {
        IpsyncListenerContainer container = find(channel, id);
        return container == null ? null : ListenerDescriptor.of(container);
    }

    /** Applies the action to every listener of the channel; returns their state after it. */
    ListenersDescriptor act(ChannelDefinition channel, String action) {
        Action applied = Action.of(action);
        containers(channel).forEach(applied.applied);
        return describe(channel);
    }

    /** Applies the action to the channel's listener of that id; returns its state after it. */
    ListenerDescriptor act(ChannelDefinition channel, String id, String action) {
        Action applied = Action.of(action);
        IpsyncListenerContainer container = find(channel, id);
        if (container == null) {
            throw new InvalidEndpointRequestException("No listener '" + id + "' on the channel '" + channel.name()
                    + "': its listeners are " + containers(channel).stream().map(IpsyncListenerContainer::id).toList(),
                    "No listener '" + id + "'");
        }
        applied.applied.accept(container);
        return ListenerDescriptor.of(container);
    }

    private IpsyncListenerContainer find(ChannelDefinition channel, String id) {
        IpsyncListenerContainer container = registry == null ? null : registry.getListenerContainer(id);
        return container != null && listensTo(container, channel) ? container : null;
    }

    private List<IpsyncListenerContainer> containers(ChannelDefinition channel) {
        if (registry == null) {
            return List.of();
        }
        return registry.getListenerContainers().stream().filter(container -> listensTo(container, channel)).toList();
    }

    private static boolean listensTo(IpsyncListenerContainer container, ChannelDefinition channel) {
        return container.endpoint().channel().name().equals(channel.name());
    }
}
