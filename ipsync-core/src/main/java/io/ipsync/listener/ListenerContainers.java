package io.ipsync.listener;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.MessageHandler;
import io.ipsync.ReceivedMessage;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates listener containers, one per channel. A container does not own its channel: close the
 * channel after stopping the container.
 *
 * <pre>{@code
 * ListenerContainer orders = ListenerContainers.forQueue(queue,
 *         message -> ship(message.payload().as(Order.class)),
 *         ContainerOptions.builder("orders").concurrency(4).build());
 * orders.start();
 * ...
 * orders.stop();
 * queue.close();
 * }</pre>
 */
public final class ListenerContainers {

    private ListenerContainers() {
    }

    /**
     * Handles each message of the queue once (at-least-once): acknowledged when the handler
     * returns, retried with the queue's back-off when it throws, dead-lettered after the last
     * attempt or at once for a failure that is not retryable (a
     * {@link io.ipsync.MessageConversionException}, a {@link io.ipsync.NotRetryableException}, or
     * one of the queue's {@link io.ipsync.QueueOptions#notRetryable()} types, among its causes too).
     * With {@link ContainerOptions.Builder#orderedByKey}, the messages of each ordering key are
     * handled one after another in the order they were taken, and retried in place.
     */
    public static ListenerContainer forQueue(JsonDataQueue queue, MessageHandler handler, ContainerOptions options) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        if (options.orderedByKey()) {
            return orderedByKey(queue, handler, options);
        }
        return new PollingListenerContainer<>(options, new QueueSource(queue),
                new QueueDispatcher(options.id(), handler, options.errorHandler(), options.failureDecider(),
                        queue.options().observer(), options.handlingScope()));
    }

    private static ListenerContainer orderedByKey(JsonDataQueue queue, MessageHandler handler, ContainerOptions options) {
        KeyLanes lanes = new KeyLanes(16 * options.concurrency());
        QueueSource source = new QueueSource(queue);
        QueueDispatcher dispatcher = new QueueDispatcher(options.id(), new InPlaceRetries(handler, queue.options()),
                options.errorHandler(), options.failureDecider(), queue.options().observer(), options.handlingScope());
        AtomicReference<PollingListenerContainer<ReceivedMessage>> container = new AtomicReference<>();
        container.set(new PollingListenerContainer<>(options, new OrderedQueueSource(source, lanes),
                new KeyOrderingDispatcher(dispatcher, lanes, source, () -> container.get().isAccepting())));
        return container.get();
    }

    /**
     * Handles the queue's messages a batch at a time: each batch is what is waiting when the first
     * message comes, up to {@code maxBatchSize}, settled as {@link BatchHandler} describes (all
     * acknowledged on return; on a {@link BatchFailedException} those before the failed element
     * acknowledged, it retried or dead-lettered, those after it given back; on any other failure
     * each retried or dead-lettered). Every thread takes batches of its own.
     *
     * @throws IllegalArgumentException when {@code maxBatchSize} is below 1
     */
    public static ListenerContainer forQueueBatches(JsonDataQueue queue, BatchHandler handler, int maxBatchSize,
            ContainerOptions options) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("Listener " + options.id() + " on " + queue.location()
                    + " asks for batches of at most " + maxBatchSize + " messages: at least 1");
        }
        return new PollingListenerContainer<>(options, new BatchQueueSource(queue, maxBatchSize),
                new BatchDispatcher(options.id(), handler, options.errorHandler(), options.failureDecider(),
                        queue.options().observer()));
    }

    /** Calls the listener once per wake-up of the event; signals between calls coalesce. */
    public static ListenerContainer forEvent(Event event, SignalListener listener, ContainerOptions options) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        return new PollingListenerContainer<>(options, new EventSource(event),
                new CallbackDispatcher<Boolean>(options.id(), event.location(), signal -> listener.onSignal(),
                        options.errorHandler()));
    }

    /**
     * Calls the listener with each new value of the data event that it notices (latest value
     * wins), on one thread: values handled side by side could finish out of order and leave the
     * listener with an older value than the latest.
     *
     * @throws IllegalArgumentException when the options ask for more than one thread
     */
    public static ListenerContainer forDataEvent(JsonDataEvent event, ValueListener listener, ContainerOptions options) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        if (options.concurrency() != 1) {
            throw new IllegalArgumentException("Listener " + options.id() + " on the data event " + event.location()
                    + " asks for concurrency " + options.concurrency() + ": a data event's values are handled on one thread,"
                    + " in order (latest value wins)");
        }
        return new PollingListenerContainer<>(options, new DataEventSource(event),
                new CallbackDispatcher<>(options.id(), event.location(), listener::onValue, options.errorHandler()));
    }
}
