package io.ipsync.spring.observation;

import io.ipsync.MessageHandler;
import io.ipsync.listener.SignalListener;
import io.ipsync.listener.ValueListener;
import io.ipsync.spring.channel.ChannelKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Wraps the handler that a listener container calls so that each call runs in an
 * {@link IpsyncListenerObservation}: started with the queue message's headers as the carrier (so a
 * tracer continues the sender's trace, or starts a new one for a message without trace context),
 * in scope on the listener thread while the listener runs (its log lines carry the trace and span
 * ids), stopped when it returns, with what it threw as the observation's error. The container
 * settles the message afterwards, outside the observation.
 *
 * <p>{@link #NONE} wraps nothing: with observations off, the container calls the listener itself.
 */
public final class ListenerObservations {

    /** Observes nothing: each method returns the handler it is given. */
    public static final ListenerObservations NONE = new ListenerObservations(null, null);

    private final ObservationRegistry registry;

    private final IpsyncListenerObservationConvention convention;

    /**
     * @param registry where the observations go
     * @param convention the application's convention, or {@code null} for the default
     */
    public static ListenerObservations of(ObservationRegistry registry, IpsyncListenerObservationConvention convention) {
        return new ListenerObservations(Objects.requireNonNull(registry, "registry"), convention);
    }

    private ListenerObservations(ObservationRegistry registry, IpsyncListenerObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    /** The queue listener's handler, observed. */
    public MessageHandler messages(String listenerId, String channel, MessageHandler handler) {
        if (registry == null) {
            return handler;
        }
        return message -> observation(new IpsyncReceiverContext(listenerId, channel, ChannelKind.QUEUE, message.metadata()))
                .observeChecked(() -> handler.handle(message));
    }

    /** The event listener, observed. */
    public SignalListener signals(String listenerId, String channel, SignalListener listener) {
        if (registry == null) {
            return listener;
        }
        return () -> observation(new IpsyncReceiverContext(listenerId, channel, ChannelKind.EVENT, null))
                .observeChecked(listener::onSignal);
    }

    /** The data-event listener, observed. */
    public ValueListener values(String listenerId, String channel, ValueListener listener) {
        if (registry == null) {
            return listener;
        }
        return value -> observation(new IpsyncReceiverContext(listenerId, channel, ChannelKind.DATA_EVENT, null))
                .observeChecked(() -> listener.onValue(value));
    }

    private Observation observation(IpsyncReceiverContext context) {
        return IpsyncListenerObservation.LISTENER_OBSERVATION.observation(convention,
                IpsyncListenerObservation.DefaultIpsyncListenerObservationConvention.INSTANCE, () -> context, registry);
    }
}
