package io.ipsync.spring.observation;

import io.ipsync.listener.SignalListener;
import io.ipsync.listener.ValueListener;

/**
 * Told of the signals and values that the template sends and the listener containers receive,
 * for metrics: what {@link io.ipsync.QueueObserver} is for queue messages, for events and data
 * events. Implemented by {@link io.ipsync.spring.actuate.MicrometerQueueObserver} where the
 * application has a Micrometer registry. Called on the thread that did the work, so
 * implementations must be quick and must not throw; every method does nothing by default.
 *
 * <p>What counts: signals and values sent through {@link io.ipsync.spring.core.IpsyncTemplate}, and
 * the calls of {@code @IpsyncListener} methods of events and data events. A signal or value sent
 * through a channel bean itself, or by another process, is counted where it is received.
 */
public interface EventMetrics {

    /** Counts nothing. */
    EventMetrics NONE = new EventMetrics() {

        @Override
        public SignalListener signals(String listenerId, String event, SignalListener listener) {
            return listener;
        }

        @Override
        public ValueListener values(String listenerId, String dataEvent, ValueListener listener) {
            return listener;
        }
    };

    /** The template signalled the event (its entry name). */
    default void signalSent(String event) {
    }

    /** The template published a value on the data event (its entry name). */
    default void valuePublished(String dataEvent) {
    }

    /**
     * A listener was called for a signal of the event.
     *
     * @param failure what the listener threw, or {@code null} when it returned normally
     */
    default void signalReceived(String event, String listenerId, Throwable failure) {
    }

    /**
     * A listener was called with a value of the data event.
     *
     * @param failure what the listener threw, or {@code null} when it returned normally
     */
    default void valueReceived(String dataEvent, String listenerId, Throwable failure) {
    }

    /** The event listener, counted by {@link #signalReceived} after each call. */
    default SignalListener signals(String listenerId, String event, SignalListener listener) {
        return () -> {
            try {
                listener.onSignal();
            } catch (Exception | Error e) {
                signalReceived(event, listenerId, e);
                throw e;
            }
            signalReceived(event, listenerId, null);
        };
    }

    /** The data-event listener, counted by {@link #valueReceived} after each call. */
    default ValueListener values(String listenerId, String dataEvent, ValueListener listener) {
        return value -> {
            try {
                listener.onValue(value);
            } catch (Exception | Error e) {
                valueReceived(dataEvent, listenerId, e);
                throw e;
            }
            valueReceived(dataEvent, listenerId, null);
        };
    }
}
