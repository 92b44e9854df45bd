package io.ipsync.spring.autoconfigure;

import io.ipsync.listener.ContainerOptions;
import io.ipsync.listener.FailureDecider;
import io.ipsync.listener.ListenerErrorHandler;
import io.ipsync.spring.channel.IpsyncChannelFactory;
import io.ipsync.spring.listener.IpsyncListenerAnnotationBeanPostProcessor;
import io.ipsync.spring.listener.IpsyncListenerContainerFactory;
import io.ipsync.spring.listener.IpsyncListenerEndpointRegistry;
import io.ipsync.spring.observation.EventMetrics;
import io.ipsync.spring.observation.IpsyncListenerObservationConvention;
import io.ipsync.spring.observation.ListenerObservations;
import io.micrometer.observation.ObservationRegistry;
import io.ipsync.spring.annotation.IpsyncListenerConfigurer;
import io.ipsync.spring.listener.IpsyncListenerMethodFactory;
import io.ipsync.spring.listener.ListenerReplies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * The listener infrastructure: discovery of {@code @IpsyncListener} methods, container factory,
 * registry, and the filter that keeps listener beans eager under global lazy initialization.
 *
 * <p>The post-processor, the container factory and the registry are per context: their
 * conditions look at the current context only, not at a parent's ({@code SearchStrategy.CURRENT},
 * as Spring Boot guards its own post-processors). A
 * post-processor only processes the beans of its own context, a registry starts and stops with
 * its own context, and a container factory finds the queue beans its own context sees; those of a
 * parent would leave a child context's listeners undiscovered, or running after the child closed.
 */
@Configuration(proxyBeanMethods = false)
class IpsyncListenerConfiguration {

    /** The name of the Validator bean of Boot's validation auto-configuration. */
    private static final String DEFAULT_VALIDATOR = "defaultValidator";

    @Bean(name = IpsyncListenerAnnotationBeanPostProcessor.BEAN_NAME)
    @ConditionalOnMissingBean(name = IpsyncListenerAnnotationBeanPostProcessor.BEAN_NAME, search = SearchStrategy.CURRENT)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static IpsyncListenerAnnotationBeanPostProcessor ipsyncListenerAnnotationBeanPostProcessor() {
        return new IpsyncListenerAnnotationBeanPostProcessor();
    }

    /**
     * Keeps beans with {@code @IpsyncListener} methods eager under global lazy initialization.
     * Static and without dependencies: it is created before any other bean. No condition: one on
     * the type would be met by any other application's or Boot's filter, and this one adds to them.
     */
    @Bean
    static LazyInitializationExcludeFilter ipsyncListenerLazyInitializationExcludeFilter() {
        return new ListenerBeanLazyInitializationExcludeFilter();
    }

    /**
     * Builds listener containers; a {@link ListenerErrorHandler} bean, where the application has
     * one, hears of every listener failure instead of the default, which logs it; a
     * {@link FailureDecider} bean decides what becomes of a failed queue message before it is
     * settled, instead of the queue's policy alone. Warns when
     * {@code ipsync.shutdown-timeout} does not fit in Spring's shutdown phase. Listener threads
     * are virtual where {@code spring.threads.virtual.enabled=true} on Java 21 or later, as Spring
     * Boot makes its own listener containers' threads, and platform threads otherwise. With
     * {@code ipsync.listener.observation-enabled} each handling is observed in the application's
     * {@link ObservationRegistry}, named and tagged by its {@link IpsyncListenerObservationConvention}
     * bean where it has one.
     */
    @Bean
    @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
    IpsyncListenerContainerFactory ipsyncListenerContainerFactory(BeanFactory beanFactory,
            IpsyncChannelFactory channelFactory, ObjectProvider<ListenerErrorHandler> errorHandler,
            ObjectProvider<FailureDecider> failureDecider, ObjectProvider<ListenerReplies> replies,
            IpsyncProperties properties, Environment environment, ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpsyncListenerObservationConvention> observationConvention, ObjectProvider<EventMetrics> eventMetrics) {
        ShutdownPhaseTimeoutCheck.warnIfPhaseIsShorter(Binder.get(environment), properties.getShutdownTimeout());
        IpsyncListenerContainerFactory factory = new IpsyncListenerContainerFactory(beanFactory, channelFactory,
                errorHandler.getIfUnique(() -> ListenerErrorHandler.LOGGING), properties.getShutdownTimeout(),
                listenerThreadFactory(environment));
        factory.setEventMetrics(eventMetrics.getIfUnique(() -> EventMetrics.NONE));
        if (properties.getListener().isObservationEnabled()) {
            factory.setObservations(ListenerObservations.of(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP),
                    observationConvention.getIfUnique()));
        }
        failureDecider.ifUnique(factory::setFailureDecider);
        replies.ifUnique(factory::setListenerReplies);
        return factory;
    }

    /**
     * Virtual threads where Boot's {@link Threading#VIRTUAL} is active (the property set and Java
     * 21 or later), platform threads otherwise. Decided here, when the bean is created, rather than
     * by {@code @ConditionalOnThreading} on two bean methods as Boot does for its own containers:
     * conditions are fixed at build time under ahead-of-time processing, and the threads should
     * follow the property the application runs with. {@link VirtualThreadTaskExecutor} is created
     * only where virtual threads exist, so the starter still runs on Java 17. The prefix names
     * threads only until a container renames them {@code ipsync-<id>-<n>}.
     */
    static ThreadFactory listenerThreadFactory(Environment environment) {
        if (Threading.VIRTUAL.isActive(environment)) {
            return new VirtualThreadTaskExecutor("ipsync-").getVirtualThreadFactory();
        }
        return ContainerOptions.DEFAULT_THREAD_FACTORY;
    }

    /**
     * How listener methods are invoked: with the application's argument resolvers (from every
     * {@link IpsyncListenerConfigurer} bean) and its Bean Validation, where it has one (the
     * {@code Validator} bean that spring-boot-starter-validation brings, or the only one).
     */
    @Bean
    @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
    static IpsyncListenerMethodFactory ipsyncListenerMethodFactory(ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<IpsyncListenerConfigurer> configurers) {
        List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
        configurers.orderedStream().forEach(configurer -> configurer.addArgumentResolvers(resolvers));
        return new IpsyncListenerMethodFactory(beanFactory, validator(beanFactory), resolvers);
    }

    private static Validator validator(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory.containsBean(DEFAULT_VALIDATOR) && beanFactory.isTypeMatch(DEFAULT_VALIDATOR, Validator.class)) {
            return beanFactory.getBean(DEFAULT_VALIDATOR, Validator.class);
        }
        return beanFactory.getBeanProvider(Validator.class).getIfUnique();
    }

    @Bean
    @ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
    IpsyncListenerEndpointRegistry ipsyncListenerEndpointRegistry(IpsyncListenerContainerFactory containerFactory) {
        return new IpsyncListenerEndpointRegistry(containerFactory);
    }
}
