package io.ipsync.listener;

/**
 * Calls a listener that has nothing to settle (events, data events); a failure goes to the error
 * handler and the listener keeps receiving.
 */
final class CallbackDispatcher<M> implements Dispatcher<M> {

    /** The user's callback for one item. */
    @FunctionalInterface
    interface Callback<M> {

        void call(M item) throws Exception;
    }

    private final String containerId;

    private final String location;

    private final Callback<M> callback;

    private final ListenerErrorHandler errorHandler;

    CallbackDispatcher(String containerId, String location, Callback<M> callback, ListenerErrorHandler errorHandler) {
        this.containerId = containerId;
        this.location = location;
        this.callback = callback;
        this.errorHandler = errorHandler;
    }

    @Override
    public void dispatch(M item) {
        try {
            callback.call(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(e);
        } catch (Exception | Error e) {
            report(e);
        }
    }

    private void report(Throwable error) {
        ErrorReporting.report(errorHandler, new ListenerFailure(containerId, location, error, null, null));
    }
}
