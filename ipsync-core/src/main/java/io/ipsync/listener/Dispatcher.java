package io.ipsync.listener;

/**
 * Hands one taken item to the user's listener and deals with the outcome. Never throws: failures
 * go to the container's {@link ListenerErrorHandler}.
 *
 * @param <M> what the container's source takes
 */
interface Dispatcher<M> {

    void dispatch(M item);
}
