package io.ipsync.spring.listener;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.observation.EventMetrics;
import io.ipsync.spring.observation.ListenerObservations;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Builds the container of an {@link IpsyncListenerEndpoint} from core's listener containers:
 * queue listeners share the queue's bean (competing consumers), event and data-event listeners
 * each open their own channel object (broadcast). Replace this bean to customise how containers
 * are built.
 */
public class IpsyncListenerContainerFactory {

    private final BeanFactory beanFactory;

    private final IpsyncChannelFactory channelFactory;

    private final ListenerErrorHandler errorHandler;

    private final Duration shutdownTimeout;

    private final ThreadFactory threadFactory;

    private volatile ListenerObservations observations = ListenerObservations.NONE;

    private volatile EventMetrics eventMetrics = EventMetrics.NONE;

    /**
     * Builds containers whose listener threads are platform threads.
     *
     * @param beanFactory where the queue beans are looked up
     * @param channelFactory opens each event listener's own event
     * @param errorHandler told of every listener failure
     * @param shutdownTimeout how long stopping waits for handling in progress
     */
    public IpsyncListenerContainerFactory(BeanFactory beanFactory, IpsyncChannelFactory channelFactory,
            ListenerErrorHandler errorHandler, Duration shutdownTimeout) {
        this(beanFactory, channelFactory, errorHandler, shutdownTimeout, ContainerOptions.DEFAULT_THREAD_FACTORY);
    }

    /**
     * @param beanFactory where the queue beans are looked up
     * @param channelFactory opens each event listener's own event
     * @param errorHandler told of every listener failure
     * @param shutdownTimeout how long stopping waits for handling in progress
     * @param threadFactory where the containers get their listener threads (platform or virtual);
     *        the containers name them {@code ipsync-<id>-<n>}, see
     *        {@link ContainerOptions.Builder#threadFactory(ThreadFactory)}
     */
    public IpsyncListenerContainerFactory(BeanFactory beanFactory, IpsyncChannelFactory channelFactory,
            ListenerErrorHandler errorHandler, Duration shutdownTimeout, ThreadFactory threadFactory) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
    }

    /**
     * Observes each handling of the containers built from now on
     * ({@code ipsync.listener.observation-enabled}); {@link ListenerObservations#NONE}, the
     * default, for none.
     */
    public void setObservations(ListenerObservations observations) {
        this.observations = Objects.requireNonNull(observations, "observations");
    }

    /** Counts the signals and values the event and data-event containers built from now on receive. */
    public void setEventMetrics(EventMetrics eventMetrics) {
        this.eventMetrics = Objects.requireNonNull(eventMetrics, "eventMetrics");
    }

    public IpsyncListenerContainer createContainer(IpsyncListenerEndpoint endpoint) {
        ChannelDefinition channel = endpoint.channel();
        ContainerOptions options = ContainerOptions.builder(endpoint.id())
                .concurrency(endpoint.concurrency())
                .shutdownTimeout(shutdownTimeout)
                .errorHandler(errorHandler)
                .threadFactory(threadFactory)
                .build();
        ListenerMethodSignature signature = endpoint.signature();
        ListenerObservations observing = observations;
        EventMetrics counting = eventMetrics;
        switch (channel.kind()) {
            case EVENT -> {
                Event event = channelFactory.openEvent(channel);
                ListenerContainer container = ListenerContainers.forEvent(event, observing.signals(endpoint.id(), channel.name(),
                        counting.signals(endpoint.id(), channel.name(), () -> invoke(endpoint, signature.arguments(null, null, null)))),
                        options);
                return new IpsyncListenerContainer(endpoint, container, event);
            }
            case DATA_EVENT -> {
                JsonDataEvent event = channelFactory.openDataEvent(channel);
                ListenerContainer container = ListenerContainers.forDataEvent(event, observing.values(endpoint.id(), channel.name(),
                        counting.values(endpoint.id(), channel.name(), value -> invoke(endpoint, signature.arguments(value, null, null)))),
                        options);
                return new IpsyncListenerContainer(endpoint, container, event);
            }
            default -> {
                JsonDataQueue queue = beanFactory.getBean(channel.name(), JsonDataQueue.class);
                ListenerContainer container = ListenerContainers.forQueue(queue, observing.messages(endpoint.id(), channel.name(),
                        message -> invoke(endpoint, signature.arguments(message.payload(), message.metadata(), message))), options);
                return new IpsyncListenerContainer(endpoint, container, null);
            }
        }
    }

    /**
     * Calls the listener method, and waits for what it returns when that is a
     * {@link CompletionStage} or a {@link Future} (the work is done when it completes). What the
     * method throws, or what its result completes with, is thrown as it is, not wrapped. An
     * interrupt (a container stopping after its shutdown timeout) ends the wait and cancels the
     * future, since its message goes back to the queue: work that ignores the cancellation may
     * go on, as a handler that ignores an interrupt does.
     */
    private static void invoke(IpsyncListenerEndpoint endpoint, Object[] arguments) throws Exception {
        Object result;
        try {
            ReflectionUtils.makeAccessible(endpoint.method());
            result = endpoint.method().invoke(endpoint.bean(), arguments);
        } catch (InvocationTargetException e) {
            throw unwrapped(e);
        }
        if (result instanceof CompletionStage<?> stage) {
            result = stage.toCompletableFuture();
        }
        if (result instanceof Future<?> future) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw unwrapped(e);
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            }
        }
    }

    private static Exception unwrapped(Exception wrapper) {
        Throwable cause = wrapper.getCause();
        if (cause instanceof Exception exception) {
            return exception;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return wrapper;
    }
}
