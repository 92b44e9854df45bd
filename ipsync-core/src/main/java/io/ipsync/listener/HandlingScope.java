package io.ipsync.listener;

import io.ipsync.MessageMetadata;

/**
 * Opens a scope around each handling of a queue message by a listener container, on the listener
 * thread: from before the handler runs until the message is settled and its failure, if any, has
 * been reported. What runs in between (the handler, the settlement, the error handler, and the
 * lines they log) runs in the scope; so a tracing observation opened here gives them all the
 * message's trace. Set on {@link ContainerOptions.Builder#handlingScope}; {@link #NONE} by default.
 */
@FunctionalInterface
public interface HandlingScope {

    /** Opens nothing. */
    HandlingScope NONE = (listenerId, message) -> Handling.NONE;

    /**
     * Opens the scope of one handling; called on the listener thread, which closes it.
     *
     * @param listenerId the container's id
     * @param message the message about to be handled
     */
    Handling open(String listenerId, MessageMetadata message);

    /** One handling's scope: told of the failure, if any, then closed once, on the same thread. */
    interface Handling extends AutoCloseable {

        /** A scope that does nothing. */
        Handling NONE = () -> { };

        /** The handler failed with {@code failure} (called before {@link #close()}, at most once). */
        default void failed(Throwable failure) {
        }

        @Override
        void close();
    }
}
