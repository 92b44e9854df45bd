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
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Objects;
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

    /**
     * @param beanFactory where the queue beans are looked up
     * @param channelFactory opens each event listener's own event
     * @param errorHandler told of every listener failure
     * @param shutdownTimeout how long stopping waits for handling in progress
     */
    public IpsyncListenerContainerFactory(BeanFactory beanFactory, IpsyncChannelFactory channelFactory,
            ListenerErrorHandler errorHandler, Duration shutdownTimeout) {
        this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
        this.channelFactory = Objects.requireNonNull(channelFactory, "channelFactory");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    public IpsyncListenerContainer createContainer(IpsyncListenerEndpoint endpoint) {
        ChannelDefinition channel = endpoint.channel();
        ContainerOptions options = ContainerOptions.builder(endpoint.id())
                .concurrency(endpoint.concurrency())
                .shutdownTimeout(shutdownTimeout)
                .errorHandler(errorHandler)
                .build();
        ListenerMethodSignature signature = endpoint.signature();
        switch (channel.kind()) {
            case EVENT -> {
                Event event = channelFactory.openEvent(channel);
                ListenerContainer container = ListenerContainers.forEvent(event,
                        () -> invoke(endpoint, signature.arguments(null, null, null)), options);
                return new IpsyncListenerContainer(endpoint, container, event);
            }
            case DATA_EVENT -> {
                JsonDataEvent event = channelFactory.openDataEvent(channel);
                ListenerContainer container = ListenerContainers.forDataEvent(event,
                        value -> invoke(endpoint, signature.arguments(value, null, null)), options);
                return new IpsyncListenerContainer(endpoint, container, event);
            }
            default -> {
                JsonDataQueue queue = beanFactory.getBean(channel.name(), JsonDataQueue.class);
                ListenerContainer container = ListenerContainers.forQueue(queue,
                        message -> invoke(endpoint, signature.arguments(message.payload(), message.metadata(), message)), options);
                return new IpsyncListenerContainer(endpoint, container, null);
            }
        }
    }

    /** Calls the listener method; what it throws is thrown as it is, not wrapped. */
    private static void invoke(IpsyncListenerEndpoint endpoint, Object[] arguments) throws Exception {
        try {
            ReflectionUtils.makeAccessible(endpoint.method());
            endpoint.method().invoke(endpoint.bean(), arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
