package io.ipsync.spring.listener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;

/**
 * Waits for the work a listener method hands back, so that its message is settled when the work
 * is done, never before: a {@link CompletionStage}, a {@link Future}, or a single-value reactive
 * type (Reactor's {@code Mono}, what a Kotlin {@code suspend} function is called as, or any type
 * Spring's {@link ReactiveAdapterRegistry} knows). Anything else is the result as it is.
 *
 * <p>What the work completes with is thrown as it is, not wrapped. An interrupt (a container
 * stopping after its shutdown timeout) ends the wait and cancels the work, since its message goes
 * back to the queue: work that ignores the cancellation may go on, as a handler that ignores an
 * interrupt does.
 */
final class ListenerResults {

    private ListenerResults() {
    }

    /** The value the work completed with ({@code null} for none), once it is done. */
    static Object await(Object result) throws Exception {
        if (result == null) {
            return null;
        }
        if (result instanceof CompletionStage<?> stage) {
            return get(stage.toCompletableFuture());
        }
        if (result instanceof Future<?> future) {
            return get(future);
        }
        ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(result.getClass());
        if (adapter != null && !adapter.isMultiValue()) {
            return get(Reactive.first(adapter, result));
        }
        return result;
    }

    private static Object get(Future<?> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unwrapped(e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    static Exception unwrapped(Exception wrapper) {
        Throwable cause = wrapper.getCause();
        if (cause instanceof Exception exception) {
            return exception;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return wrapper;
    }

    /** Apart, so that the Reactive Streams types are loaded only where a reactive type was returned. */
    private static final class Reactive {

        /** The publisher's single value (or {@code null} when it completes empty); cancelling the future cancels it. */
        static CompletableFuture<Object> first(ReactiveAdapter adapter, Object result) {
            Publisher<?> publisher = adapter.toPublisher(result);
            CompletableFuture<Object> done = new CompletableFuture<>();
            publisher.subscribe(new Subscriber<Object>() {
                private Object value;

                @Override
                public void onSubscribe(Subscription subscription) {
                    done.whenComplete((ignored, failure) -> {
                        if (done.isCancelled()) {
                            subscription.cancel();
                        }
                    });
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Object next) {
                    value = next;
                }

                @Override
                public void onError(Throwable failure) {
                    done.completeExceptionally(failure);
                }

                @Override
                public void onComplete() {
                    done.complete(value);
                }
            });
            return done;
        }
    }
}
