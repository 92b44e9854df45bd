package io.ipsync.spring.listener;

import io.ipsync.Event;
import io.ipsync.JsonDataEvent;
import io.ipsync.JsonDataQueue;
import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.FailureDecider;
import io.ipsync.listener.ListenerContainer;
import io.ipsync.listener.ListenerContainers;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.channel.ChannelDefinition;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.observation.EventMetrics;
import io.ipsync.spring.observation.ListenerObservations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.springframework.beans.factory.BeanFactory;

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

    private volatile ListenerReplies replies = ListenerReplies.NONE;

    private volatile FailureDecider failureDecider = FailureDecider.BY_QUEUE;

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

    /**
     * Where listener methods' return values go ({@code @SendTo}, reply addresses); by default
     * nowhere. Set before containers are created, as the auto-configuration does.
     */
    public void setListenerReplies(ListenerReplies replies) {
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    /**
     * What decides, before settlement, about a queue message whose listener failed (see
     * {@link FailureDecider}); the queue's policy by default. Set before containers are created.
     */
    public void setFailureDecider(FailureDecider failureDecider) {
        this.failureDecider = Objects.requireNonNull(failureDecider, "failureDecider");
    }

    /**
     * Builds the container of one endpoint: its listener method is called through a
     * {@link ListenerMethodInvoker} for each signal, value or message.
     */
    public IpsyncListenerContainer createContainer(IpsyncListenerEndpoint endpoint) {
        ChannelDefinition channel = endpoint.channel();
        ContainerOptions options = ContainerOptions.builder(endpoint.id())
                .concurrency(endpoint.concurrency())
                .shutdownTimeout(shutdownTimeout)
                .errorHandler(errorHandler)
                .threadFactory(threadFactory)
                .failureDecider(failureDecider)
                .orderedByKey(endpoint.orderedByKey())
                .handlingScope(observations.handling(channel.name()))
                .build();
        ListenerMethodInvoker invoker = new ListenerMethodInvoker(endpoint, replies);
        ListenerObservations observing = observations;
        EventMetrics counting = eventMetrics;
        switch (channel.kind()) {
            case EVENT -> {
                Event event = channelFactory.openEvent(channel);
                ListenerContainer container = ListenerContainers.forEvent(event,
                        observing.signals(endpoint.id(), channel.name(), counting.signals(endpoint.id(), channel.name(),
                                invoker::onSignal)),
                        options);
                return new IpsyncListenerContainer(endpoint, container, event);
            }
            case DATA_EVENT -> {
                JsonDataEvent event = channelFactory.openDataEvent(channel);
                ListenerContainer container = ListenerContainers.forDataEvent(event,
                        observing.values(endpoint.id(), channel.name(), counting.values(endpoint.id(), channel.name(),
                                invoker::onValue)),
                        options);
                return new IpsyncListenerContainer(endpoint, container, event);
            }
            default -> {
                JsonDataQueue queue = beanFactory.getBean(channel.name(), JsonDataQueue.class);
                ListenerContainer container = endpoint.isBatch()
                        ? ListenerContainers.forQueueBatches(queue, invoker::onBatch, endpoint.maxBatchSize(), options)
                        : ListenerContainers.forQueue(queue, invoker::onMessage, options);
                return new IpsyncListenerContainer(endpoint, container, null);
            }
        }
    }
}
