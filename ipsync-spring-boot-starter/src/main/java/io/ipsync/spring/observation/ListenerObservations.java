package io.ipsync.spring.observation;

import io.ipsync.listener.HandlingScope;
import io.ipsync.listener.SignalListener;
import io.ipsync.listener.ValueListener;
import io.ipsync.spring.channel.ChannelKind;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Runs each listener call in an {@link IpsyncListenerObservation}. For a queue message, the
 * container's {@link HandlingScope} ({@link #handling}) starts it with the message's headers as the
 * carrier (so a tracer continues the sender's trace, or starts a new one for a message without
 * trace context), keeps it in scope on the listener thread while the listener runs and while the
 * container settles the message and reports a failure (so the listener's log lines and ipsync's own
 * carry the trace and span ids), records the failure as the observation's error, and stops it when
 * the message is settled. Event and data-event listeners are wrapped ({@link #signals},
 * {@link #values}): observed while they run.
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

    /** The scope of each handling of a queue listener on {@code channel}: an observation, from taking the message to settling it. */
    public HandlingScope handling(String channel) {
        if (registry == null) {
            return HandlingScope.NONE;
        }
        return (listenerId, message) -> {
            Observation observation = observation(new IpsyncReceiverContext(listenerId, channel, ChannelKind.QUEUE, message))
                    .start();
            Observation.Scope scope = observation.openScope();
            return new HandlingScope.Handling() {
                @Override
                public void failed(Throwable failure) {
                    observation.error(failure);
                }

                @Override
                public void close() {
                    scope.close();
                    observation.stop();
                }
            };
        };
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
